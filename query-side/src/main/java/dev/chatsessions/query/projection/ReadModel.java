package dev.chatsessions.query.projection;

import java.util.Arrays;
import java.util.stream.Stream;
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
                .map(handler -> handler.getParameterTypes()[0])
                .flatMap(ReadModel::eventTypes)
                .distinct()
                .toArray(String[]::new);
        return new ReadModel(group.value(), types);
    }

    /** A handler of a sealed type (such as {@code SessionStart}) folds each of its permitted events. */
    private static Stream<String> eventTypes(Class<?> handled) {
        return handled.isSealed()
                ? Arrays.stream(handled.getPermittedSubclasses()).flatMap(ReadModel::eventTypes)
                : Stream.of(handled.getName());
    }
}
