package org.flotilla.coordinator.system;

import java.time.Duration;
import java.util.ArrayList;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Applies {@link ConnectionSettings} to the embedded Jetty's connectors, after Spring Boot's own
 * customizations ({@code server.jetty.*}, TLS, forwarded headers), so that these settings win;
 * and restricts forwarded headers to {@link InternalProxies}.
 */
@Component
class ServerConnections implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory>, Ordered {

    private final ConnectionSettings settings;

    @Autowired
    ServerConnections(ConnectionSettings settings, FlotillaProperties properties) {
        this(settings, properties.checkIn().maxWait());
    }

    /** Fails when a connection would not outlive the longest hold of a check-in, {@code maxWait}. */
    ServerConnections(ConnectionSettings settings, Duration maxWait) {
        settings.requireLongerThanHolds(maxWait);
        this.settings = settings;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(ConfigurableJettyWebServerFactory factory) {
        factory.addServerCustomizers(this::apply);
    }

    void apply(Server server) {
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                HttpConfiguration configuration = http.getHttpConfiguration();
                configuration.setHeaderCacheSize(settings.headerCacheSize());
                configuration.setCustomizers(new ArrayList<>(configuration.getCustomizers().stream()
                        .map(c -> c instanceof ForwardedRequestCustomizer ? new InternalProxies(c) : c)
                        .toList()));
            }
            if (connector instanceof AbstractConnector abstractConnector) {
                abstractConnector.setIdleTimeout(settings.idleTimeout().toMillis());
            }
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setAcceptQueueSize(settings.acceptQueueSize());
            }
        }
    }
}
