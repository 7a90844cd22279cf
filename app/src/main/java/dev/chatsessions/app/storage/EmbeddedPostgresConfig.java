package dev.chatsessions.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With no {@code spring.datasource.url}, runs PostgreSQL 17 inside the process, its data under
 * {@code chat.data-dir}/postgres so that a restart keeps everything. It listens on loopback only and asks for a
 * password ({@link EmbeddedPassword}), so that other users of the machine cannot read the data through it. The
 * data source is destroyed before the server stops, since it depends on it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);

    /** Starts PostgreSQL in the background as soon as the bean definitions are read: it boots while beans are made. */
    @Bean
    static EarlyStart embeddedPostgresStart() {
        return new EarlyStart();
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EarlyStart start) {
        return start.postgres.join().postgres();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres, EarlyStart start) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .driverClassName("org.postgresql.Driver")
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .password(start.postgres.join().password())
                .build();
    }

    record Started(EmbeddedPostgres postgres, String password) {}

    /**
     * Also stops the server when the context is destroyed, so that one which fails to start after the server came
     * up does not leave it running (closing twice is harmless).
     */
    static final class EarlyStart implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

        private Environment environment;
        private CompletableFuture<Started> postgres;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            Path dataDir = Path.of(environment.getProperty("chat.data-dir", "./data"));
            postgres = CompletableFuture.supplyAsync(
                    () -> start(dataDir), task -> new Thread(task, "embedded-postgres-start").start());
        }

        @Override
        public void destroy() throws IOException {
            Started started = postgres == null
                    ? null
                    : postgres.exceptionally(failed -> null).join();
            if (started != null) {
                started.postgres().close();
            }
        }

        private static Started start(Path dataDir) {
            try {
                Path root = dataDir.toAbsolutePath().normalize();
                Path pgData = root.resolve("postgres");
                boolean initialised = Files.exists(pgData.resolve("postgresql.conf"));
                Files.createDirectories(pgData);
                LeftoverPostmaster.stopIfRunning(pgData);
                EmbeddedPassword password = EmbeddedPassword.inDataDir(root, pgData);
                // A data directory made before passwords were used still trusts loopback: it gets its password
                // on this start, and password authentication from then on.
                boolean needsPassword = initialised && password.isNew();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        // Spring stops it when the context closes, after everything that writes to it; the
                        // library's own JVM hook would stop it while the context is still closing, leaving event
                        // processors and replies in flight waiting for connections until they time out.
                        .setRegisterShutdownHook(false)
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("max_connections", "50")
                        // The library's defaults are for throwaway test
                        // databases (fsync off): this one keeps the service's data.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("synchronous_commit", "on")
                        // The library passes these to initdb as --key=value,
                        // after its own "-A trust": a new cluster never trusts.
                        .setLocaleConfig("auth", "scram-sha-256")
                        .setLocaleConfig("pwfile", password.file().toString())
                        .setConnectConfig("password", password.value())
                        .setDataDirectoryCustomizer(dir -> {
                            if (!needsPassword) {
                                EmbeddedPassword.requireForEveryConnection(dir.toPath());
                            }
                        })
                        .start();
                if (needsPassword) {
                    password.setOn(postgres, pgData);
                }
                log.info(
                        "Embedded PostgreSQL 17 on localhost:{} (password in {}), data in {}",
                        postgres.getPort(),
                        password.file(),
                        pgData);
                return new Started(postgres, password.value());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDir, e);
            }
        }
    }
}
