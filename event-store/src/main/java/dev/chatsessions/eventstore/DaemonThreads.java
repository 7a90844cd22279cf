package dev.chatsessions.eventstore;

import java.util.concurrent.ThreadFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The one way background threads are made on either side: daemon threads named {@code prefix1},
 * {@code prefix2}, ..., so that none holds the JVM open and each shows its job in a thread dump.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    public static ThreadFactory named(String prefix) {
        var factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }
}
