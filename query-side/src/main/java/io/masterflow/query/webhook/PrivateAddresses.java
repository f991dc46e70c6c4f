package io.masterflow.query.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The addresses a receiver may not have unless private addresses are allowed: whatever reaches the platform's own
 * hosts or network rather than the internet. IPv4: unspecified and "this network" (0.0.0.0/8), loopback (127.0.0.0/8),
 * private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), shared carrier-grade NAT space (100.64.0.0/10), link-local
 * (169.254.0.0/16, where cloud metadata services answer), multicast and reserved (224.0.0.0 and above, the broadcast
 * address included). IPv6: unspecified (::), loopback (::1), unique local (fc00::/7), site-local (fec0::/10),
 * link-local (fe80::/10), multicast (ff00::/8), and an IPv4 address carried inside IPv6 (IPv4-mapped, -compatible,
 * NAT64 64:ff9b::/96) judged as that IPv4 address.
 */
public final class PrivateAddresses {

    private static final byte[] NAT64_PREFIX = {0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private PrivateAddresses() {
    }

    /** What kind of non-public address this is, or empty for a public one. */
    public static Optional<String> kind(InetAddress address) {
        if (address instanceof Inet6Address ipv6) {
            return embeddedIpv4(ipv6).map(PrivateAddresses::kind).orElseGet(() -> kindOfIpv6(ipv6));
        }
        return kindOfIpv4(address.getAddress());
    }

    private static Optional<String> kindOfIpv4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (first == 0) {
            return Optional.of("unspecified");
        }
        if (first == 127) {
            return Optional.of("loopback");
        }
        if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)) {
            return Optional.of("private");
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return Optional.of("private (shared address space)");
        }
        if (first == 169 && second == 254) {
            return Optional.of("link-local");
        }
        if (first >= 224) {
            return Optional.of("multicast or reserved");
        }
        return Optional.empty();
    }

    private static Optional<String> kindOfIpv6(Inet6Address address) {
        byte[] bytes = address.getAddress();
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if ((bytes[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
            return Optional.of("private (unique local)");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast or reserved");
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> embeddedIpv4(Inet6Address address) {
        byte[] bytes = address.getAddress();
        boolean nat64 = Arrays.equals(bytes, 0, 12, NAT64_PREFIX, 0, 12);
        boolean mapped = Arrays.equals(bytes, 0, 12, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff}, 0, 12);
        // :: and ::1 look IPv4-compatible but are IPv6's own unspecified and loopback addresses
        boolean compatible = address.isIPv4CompatibleAddress() && !address.isAnyLocalAddress() && !address.isLoopbackAddress();
        if (!nat64 && !mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
