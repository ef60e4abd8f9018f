package org.flotilla.coordinator.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InternalProxiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.3.2.1", "10.0.0.7", "172.16.0.1", "172.31.255.254", "192.168.1.20",
            "169.254.10.10", "100.64.0.1", "100.127.255.254", "::1", "fe80::1", "fc00::1", "fd12:3456::9"})
    void trustsLoopbackAndPrivateNetworks(String address) throws UnknownHostException {
        assertThat(InternalProxies.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.9", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
            "192.169.0.1", "2001:db8::1", "fe00::1"})
    void doesNotTrustPublicAddresses(String address) throws UnknownHostException {
        assertThat(InternalProxies.isInternal(InetAddress.getByName(address))).isFalse();
    }
}
