package dev.chatsessions.query.projection;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The projections of this process (the beans with a processing group), by name, and the one whose tables answer each
 * query type: the query handlers of a projection's class read its tables.
 */
@Component
public class ReadModels {

    private final ApplicationContext context;
    /** Read on first use: the projections are beans themselves, not all created when this one is. */
    private volatile Index index;

    ReadModels(ApplicationContext context) {
        this.context = context;
    }

    /** Every projection, ordered by name. */
    public Collection<ReadModel> all() {
        return index().byName().values();
    }

    public Optional<ReadModel> named(String name) {
        return Optional.ofNullable(index().byName().get(name));
    }

    /** The projection whose query handler answers queries of this type; empty for a query no projection answers. */
    public Optional<ReadModel> answering(Class<?> queryType) {
        return Optional.ofNullable(index().byQuery().get(queryType));
    }

    private Index index() {
        Index known = index;
        if (known == null) {
            known = Index.of(context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                    .<Class<?>>map(AopUtils::getTargetClass)
                    .toList());
            index = known;
        }
        return known;
    }

    record Index(Map<String, ReadModel> byName, Map<Class<?>, ReadModel> byQuery) {

        static Index of(List<Class<?>> projectionClasses) {
            Map<String, ReadModel> byName = new TreeMap<>();
            Map<Class<?>, ReadModel> byQuery = new HashMap<>();
            for (Class<?> projectionClass : projectionClasses) {
                ReadModel readModel = ReadModel.of(projectionClass);
                byName.put(readModel.name(), readModel);
                Arrays.stream(projectionClass.getDeclaredMethods())
                        .filter(method -> method.isAnnotationPresent(QueryHandler.class))
                        .map(Method::getParameterTypes)
                        .forEach(parameters -> {
                            ReadModel other = byQuery.put(parameters[0], readModel);
                            if (other != null && !other.name().equals(readModel.name())) {
                                throw new IllegalStateException(
                                        parameters[0] + " is answered by " + other.name() + " and " + readModel.name());
                            }
                        });
            }
            return new Index(Map.copyOf(byName), Map.copyOf(byQuery));
        }
    }
}
