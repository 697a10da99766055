package dev.flare.model.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses Flare may call back: none that is private, loopback, link-local, CGNAT, multicast, unspecified,
 * documentation, benchmarking or cloud metadata, unless an operator-allowed CIDR contains it. IPv4-mapped,
 * IPv4-compatible, NAT64 and 6to4 IPv6 addresses are judged by the IPv4 address they embed.
 */
public final class AddressPolicy {

    /** The blocked ranges (cloud metadata, 169.254.169.254 and fd00:ec2::254, fall in link-local and ULA). */
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
            CidrRange.parse("fec0::/10"),
            CidrRange.parse("ff00::/8"),
            CidrRange.parse("2001:db8::/32"));

    /** The name of the setting that allows ranges, for messages. */
    public static final String ALLOW_SETTING = "flare.connector.allowed.cidrs";

    private static final CidrRange IPV4_MAPPED = CidrRange.parse("::ffff:0:0/96");
    private static final CidrRange NAT64 = CidrRange.parse("64:ff9b::/96");
    // Note: deprecated (RFC 4291) and not routed to IPv4 by Linux, but some stacks still do; covers :: and ::1 too.
    private static final CidrRange IPV4_COMPATIBLE = CidrRange.parse("::/96");

    private static final CidrRange SIX_TO_FOUR = CidrRange.parse("2002::/16");

    private final List<CidrRange> allowed;

    public AddressPolicy(List<CidrRange> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    public List<CidrRange> allowed() {
        return allowed;
    }

    public boolean isPermitted(InetAddress address) {
        return isPermitted(address.getAddress());
    }

    /** @param address 4 or 16 bytes, network order */
    public boolean isPermitted(byte[] address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        if (IPV4_MAPPED.contains(address) || NAT64.contains(address) || IPV4_COMPATIBLE.contains(address)) {
            return isPermitted(Arrays.copyOfRange(address, 12, 16));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return isPermitted(Arrays.copyOfRange(address, 2, 6));
        }
        return BLOCKED.stream().noneMatch(range -> range.contains(address));
    }

    /**
     * Whether {@code host}, as written in a URL, is an IP literal this policy refuses (every spelling the JDK and
     * browsers accept for IPv4, decimal and octal included, is read as the address it means).
     */
    public boolean isBlockedLiteral(String host) {
        byte[] literal = CidrRange.literal(host);
        return literal != null && !isPermitted(literal);
    }
}
