package org.flotilla.coordinator.system;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a settable servlet response buffer: Tomcat sizes each
 * request's response buffer by {@link #getDesiredBufferSize()}, which is fixed at its default
 * (8 KB and an 8,192-character writer buffer) for the stock protocol. Set by {@link ServerBuffers}.
 */
public class LeanHttp11NioProtocol extends Http11NioProtocol {

    private volatile int desiredBufferSize = -1;

    @Override
    public int getDesiredBufferSize() {
        return desiredBufferSize;
    }

    /** The response buffer of every request, in bytes (and characters); -1 for Tomcat's default. */
    public void setDesiredBufferSize(int size) {
        this.desiredBufferSize = size;
    }
}
