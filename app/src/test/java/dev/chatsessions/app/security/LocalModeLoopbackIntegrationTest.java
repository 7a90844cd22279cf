package dev.chatsessions.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatsessions.app.support.HttpIntegrationTest;
import java.net.InetAddress;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/** The default run (local mode, embedded database, no server.address) listens on loopback only. */
class LocalModeLoopbackIntegrationTest extends HttpIntegrationTest {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void localModeListensOnLoopbackOnly() {
        Connector connector =
                ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("address"))
                .isInstanceOfSatisfying(
                        InetAddress.class,
                        address -> assertThat(address.isLoopbackAddress()).isTrue());
    }
}
