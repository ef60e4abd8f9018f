package org.flotilla.coordinator.system;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Applies {@link ConnectionBuffers} to the embedded Tomcat: the socket buffers through the
 * connector's {@code socket.*} properties, the response buffer through
 * {@link LeanHttp11NioProtocol}. TLS settings still apply (the protocol is Tomcat's NIO one).
 */
@Component
class ServerBuffers implements WebServerFactoryCustomizer<TomcatWebServerFactory> {

    private final ConnectionBuffers buffers;

    ServerBuffers(ConnectionBuffers buffers) {
        this.buffers = buffers;
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        factory.setProtocol(LeanHttp11NioProtocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            setOrFail(connector, "socket.appReadBufSize", buffers.socketRead().toBytes());
            setOrFail(connector, "socket.appWriteBufSize", buffers.socketWrite().toBytes());
        });
        factory.addProtocolHandlerCustomizers(handler -> {
            if (handler instanceof LeanHttp11NioProtocol lean) {
                lean.setDesiredBufferSize((int) buffers.responseBuffer().toBytes());
            }
        });
    }

    private static void setOrFail(org.apache.catalina.connector.Connector connector, String name, long value) {
        if (!connector.setProperty(name, Long.toString(value))) {
            throw new IllegalStateException("Tomcat did not accept " + name + "=" + value);
        }
    }
}
