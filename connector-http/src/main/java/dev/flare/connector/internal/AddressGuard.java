package dev.flare.connector.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.Dns;

/**
 * Refuses callbacks to private, loopback, link-local, CGNAT, multicast, documentation, benchmarking and metadata
 * addresses unless an operator-allowed CIDR contains them. As an OkHttp {@link Dns} it checks every resolved
 * address, so a name cannot smuggle an internal address past the check; IP literals, which OkHttp does not resolve,
 * are checked by {@link #checkHost(String)} before the call.
 */
public final class AddressGuard implements Dns {

    /** The blocked ranges; IPv4-mapped and NAT64 IPv6 addresses are checked by their embedded IPv4 address. */
    public static final List<CidrRange> BLOCKED = List.of(
            CidrRange.parse("0.0.0.0/8"),
            CidrRange.parse("10.0.0.0/8"),
            CidrRange.parse("100.64.0.0/10"),
            CidrRange.parse("127.0.0.0/8"),
            CidrRange.parse("169.254.0.0/16"),
            CidrRange.parse("172.16.0.0/12"),
            CidrRange.parse("192.0.0.0/24"),
            CidrRange.parse("192.0.2.0/24"),
            CidrRange.parse("192.168.0.0/16"),
            CidrRange.parse("198.18.0.0/15"),
            CidrRange.parse("198.51.100.0/24"),
            CidrRange.parse("203.0.113.0/24"),
            CidrRange.parse("224.0.0.0/4"),
            CidrRange.parse("240.0.0.0/4"),
            CidrRange.parse("::/128"),
            CidrRange.parse("::1/128"),
            CidrRange.parse("fc00::/7"),
            CidrRange.parse("fe80::/10"),
            CidrRange.parse("ff00::/8"),
            CidrRange.parse("2001:db8::/32"));

    private static final CidrRange IPV4_MAPPED = CidrRange.parse("::ffff:0:0/96");
    private static final CidrRange NAT64 = CidrRange.parse("64:ff9b::/96");

    private final List<CidrRange> allowed;
    private final Dns delegate;

    public AddressGuard(List<CidrRange> allowed) {
        this(allowed, Dns.SYSTEM);
    }

    public AddressGuard(List<CidrRange> allowed, Dns delegate) {
        this.allowed = List.copyOf(allowed);
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> permitted = new ArrayList<>();
        for (InetAddress address : delegate.lookup(hostname)) {
            if (isPermitted(address.getAddress())) {
                permitted.add(address);
            }
        }
        if (permitted.isEmpty()) {
            throw new BlockedAddressException(
                    "blocked: " + hostname + " resolves only to private or reserved addresses (allow them with"
                            + " flare.connector.allowed.cidrs)");
        }
        return permitted;
    }

    /**
     * Checks a URL host before a call: an IP literal must be permitted; a name is checked when it is resolved.
     *
     * @throws BlockedAddressException when the host is a blocked IP literal
     */
    public void checkHost(String host) throws BlockedAddressException {
        byte[] literal = CidrRange.literal(host);
        if (literal != null && !isPermitted(literal)) {
            throw new BlockedAddressException("blocked: " + host
                    + " is a private or reserved address (allow it with flare.connector.allowed.cidrs)");
        }
    }

    public boolean isPermitted(InetAddress address) {
        return isPermitted(address.getAddress());
    }

    private boolean isPermitted(byte[] address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        if (IPV4_MAPPED.contains(address) || NAT64.contains(address)) {
            return isPermitted(Arrays.copyOfRange(address, 12, 16));
        }
        return BLOCKED.stream().noneMatch(range -> range.contains(address));
    }
}
