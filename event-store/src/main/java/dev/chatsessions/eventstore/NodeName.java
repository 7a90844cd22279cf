package dev.chatsessions.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * This node's name ({@code chat.node-name}, by default one made at start), given to its database connections as
 * their {@code application_name}: the notifications its writes raise carry it, so that it can skip its own, and an
 * operator sees in {@code pg_stat_activity} which node holds which connection.
 */
public class NodeName implements BeanPostProcessor {

    private final String name;

    public NodeName(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            pool.addDataSourceProperty("ApplicationName", name);
        }
        return bean;
    }
}
