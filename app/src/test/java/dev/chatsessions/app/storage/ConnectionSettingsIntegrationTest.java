package dev.chatsessions.app.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.app.support.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every connection of the service names its node and bounds its statements and idle transactions, below the 60 s
 * after which Axon's processors stop waiting for an event position not yet committed.
 */
class ConnectionSettingsIntegrationTest extends HttpIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void connectionsNameTheirNodeAndBoundTheirTransactions() {
        assertThat(setting("application_name")).startsWith("chat-sessions-");
        assertThat(setting("statement_timeout")).isEqualTo("30s");
        assertThat(setting("idle_in_transaction_session_timeout")).isEqualTo("20s");
    }

    private String setting(String name) {
        return jdbc.sql("select current_setting(?)")
                .param(name)
                .query(String.class)
                .single();
    }
}
