package dev.chatsessions.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code chat.training-run=true}, the server stops as soon as it has started, closing its context so that the
 * embedded PostgreSQL stops too. The build starts it so once with {@code -XX:ArchiveClassesAtExit}: the classes of a
 * whole start, Tomcat's and the processors' included, go into the Class Data Sharing archive that the README's run
 * command maps, which takes about half the CPU off every later start. (Spring's {@code spring.context.exit=onRefresh}
 * exits before the web server starts, and without closing anything.)
 */
@Component
@ConditionalOnProperty("chat.training-run")
class TrainingRun {

    @EventListener
    void started(ApplicationReadyEvent event) {
        System.exit(SpringApplication.exit(event.getApplicationContext()));
    }
}
