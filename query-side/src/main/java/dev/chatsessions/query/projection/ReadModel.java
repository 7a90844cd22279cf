package dev.chatsessions.query.projection;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** A projection's processing group and the payload types of the events it folds, read off its handlers. */
public record ReadModel(String name, String[] eventTypes) {

    public static ReadModel of(Class<?> projectionClass) {
        ProcessingGroup group = projectionClass.getAnnotation(ProcessingGroup.class);
        if (group == null) {
            throw new IllegalArgumentException(projectionClass + " has no @ProcessingGroup");
        }
        String[] types = Arrays.stream(projectionClass.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(EventHandler.class))
                .map(Method::getParameterTypes)
                .map(parameters -> parameters[0].getName())
                .distinct()
                .toArray(String[]::new);
        return new ReadModel(group.value(), types);
    }
}
