package io.masterflow.query.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, unspecified", "0.1.2.3, unspecified", "::, unspecified",
            "127.0.0.1, loopback", "127.255.0.9, loopback", "::1, loopback",
            "10.0.0.1, private", "172.16.0.1, private", "172.31.255.254, private", "192.168.0.1, private",
            "100.64.0.1, private (shared address space)", "100.127.255.1, private (shared address space)",
            "fc00::1, private (unique local)", "fd12:3456::1, private (unique local)", "fec0::1, private (unique local)",
            "169.254.169.254, link-local", "fe80::1, link-local",
            "224.0.0.1, multicast or reserved", "255.255.255.255, multicast or reserved", "ff02::1, multicast or reserved",
            "::ffff:10.1.2.3, private", "::ffff:127.0.0.1, loopback", "64:ff9b::a9fe:a9fe, link-local", "::10.0.0.1, private"})
    void an_address_of_the_platforms_own_network_is_refused_with_its_kind(String address, String kind) throws UnknownHostException {
        assertThat(PrivateAddresses.kind(InetAddress.getByName(address))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
            "2606:4700:4700::1111", "2001:db8::1", "::ffff:8.8.8.8"})
    void a_public_address_is_allowed(String address) throws UnknownHostException {
        assertThat(PrivateAddresses.kind(InetAddress.getByName(address))).isEmpty();
    }
}
