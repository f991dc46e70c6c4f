package io.masterflow.query.webhook;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Resolves a receiver's host name and refuses it when any of its addresses is not public (see
 * {@link PrivateAddresses}), unless private addresses are allowed. It is the HTTP client's resolver, so the address
 * judged is the address connected to: a name whose DNS answer changes between a check and the connection (DNS
 * rebinding) cannot slip through. Any address refused refuses the name, since the client may try each in turn.
 */
public class ReceiverAddresses implements DnsResolver {

    /** How a host name becomes addresses; the system's resolver outside tests. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /** A receiver's name resolved to an address it may not have: the connection is never attempted. */
    public static final class Refused extends UnknownHostException {
        public Refused(String message) {
            super(message);
        }
    }

    private final boolean allowPrivate;
    private final Lookup lookup;

    public ReceiverAddresses(boolean allowPrivate, Lookup lookup) {
        this.allowPrivate = allowPrivate;
        this.lookup = lookup;
    }

    public static ReceiverAddresses system(boolean allowPrivate) {
        return new ReceiverAddresses(allowPrivate, InetAddress::getAllByName);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        // an IPv6 literal reaches the resolver in its URL form, [::1]
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = lookup.addresses(name);
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                Optional<String> kind = PrivateAddresses.kind(address);
                if (kind.isPresent()) {
                    String where = isLiteral(name) ? " is" : " resolves to " + address.getHostAddress() + ",";
                    throw new Refused(host + where + " a " + kind.get() + " address: receivers must have public addresses "
                            + "unless masterflow.webhooks.allow-private-addresses is true");
                }
            }
        }
        return addresses;
    }

    private static boolean isLiteral(String name) {
        return name.contains(":") || name.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    /** Only for authentication schemes that name the host (Kerberos), which deliveries never use. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
