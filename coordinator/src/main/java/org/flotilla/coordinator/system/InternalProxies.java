package org.flotilla.coordinator.system;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Forwarded headers ({@code server.forward-headers-strategy=native}) only from a proxy on
 * loopback or a private network. Jetty's {@code ForwardedRequestCustomizer} believes
 * {@code X-Forwarded-For} from any peer; a device that reached the coordinator directly could then
 * name any address it likes and escape the failed-authentication throttle, which counts per
 * address. The addresses trusted are Tomcat's default internal proxies: 127/8, 10/8, 172.16/12,
 * 192.168/16, 169.254/16, 100.64/10, ::1, fe80::/10 and fc00::/7.
 */
final class InternalProxies implements HttpConfiguration.Customizer {

    private final HttpConfiguration.Customizer forwarded;

    InternalProxies(HttpConfiguration.Customizer forwarded) {
        this.forwarded = forwarded;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        if (peer instanceof InetSocketAddress inet && isInternal(inet.getAddress())) {
            return forwarded.customize(request, responseHeaders);
        }
        return request;
    }

    /** Whether a peer at this address may tell the coordinator another client's address. */
    static boolean isInternal(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10, shared address space
        }
        return address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
}
