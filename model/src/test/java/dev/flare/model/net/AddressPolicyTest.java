package dev.flare.model.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The outbound address policy over every blocked range and every way of writing an address in a URL host. */
class AddressPolicyTest {

    private final AddressPolicy policy = new AddressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0", // unspecified
                "0.1.2.3", // "this network"
                "10.0.0.1", // RFC 1918
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.254",
                "192.168.0.1",
                "192.168.255.255",
                "100.64.0.1", // CGNAT
                "100.127.255.254",
                "127.0.0.1", // loopback
                "127.255.255.254",
                "169.254.0.1", // link-local
                "169.254.169.254", // cloud metadata
                "192.0.0.170", // IETF protocol assignments
                "192.0.2.1", // documentation
                "198.51.100.1",
                "203.0.113.1",
                "198.18.0.1", // benchmarking
                "224.0.0.1", // multicast
                "239.255.255.250",
                "240.0.0.1", // reserved
                "255.255.255.255", // broadcast
                "::", // IPv6 unspecified
                "::1", // IPv6 loopback
                "[::1]",
                "fc00::1", // unique local
                "fdff:ffff::1",
                "fd00:ec2::254", // AWS IPv6 metadata
                "fe80::1", // link-local
                "febf:ffff::1",
                "ff02::1", // multicast
                "ff0e::1",
                "2001:db8::1", // documentation
                "::ffff:127.0.0.1", // IPv4-mapped
                "::ffff:7f00:1",
                "[::ffff:169.254.169.254]",
                "::ffff:10.0.0.1",
                "::ffff:192.168.1.1",
                "64:ff9b::127.0.0.1", // NAT64
                "64:ff9b::a9fe:a9fe",
                "::127.0.0.1", // IPv4-compatible (deprecated, still parsed)
                "::7f00:1",
                "::a9fe:a9fe",
                "::10.0.0.1",
                "2002:7f00:1::1", // 6to4 around 127.0.0.1
                "2002:a9fe:a9fe::", // 6to4 around 169.254.169.254
                "2002:a00:1:1::1", // 6to4 around 10.0.0.1
                "fec0::1", // site-local (deprecated)
                "feff:ffff::1"
            })
    void shouldBlockTheAddressWhenItIsInABlockedRange(String host) {
        assertThat(policy.isBlockedLiteral(host)).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2130706433", // 127.0.0.1 in decimal
                "017700000001", // in octal
                "0x7f000001", // in hex
                "0x7F000001",
                "0177.0.0.1", // dotted octal
                "0177.0000.0000.0001",
                "0x7f.0x0.0x0.0x1", // dotted hex
                "0x7f.0.0.1",
                "127.1", // short forms
                "127.0.1",
                "0x7f.1",
                "127.0.0.1.", // trailing dot
                "2852039166", // 169.254.169.254 in decimal
                "0xa9fea9fe",
                "0251.0376.0251.0376",
                "169.254.43518",
                "167772161", // 10.0.0.1
                "012.0.0.1",
                "10.1",
                "0", // 0.0.0.0
                "0x0",
                "4294967295" // 255.255.255.255
            })
    void shouldBlockTheAddressWhenItIsSpelledInAnotherIpv4Form(String host) {
        assertThat(policy.isBlockedLiteral(host)).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "134744072", // 8.8.8.8 in decimal
                "100.63.255.255", // just outside CGNAT
                "100.128.0.0",
                "172.15.255.255", // just outside 172.16/12
                "172.32.0.0",
                "192.167.255.255",
                "192.169.0.0",
                "169.253.255.255",
                "169.255.0.0",
                "223.255.255.255", // just below multicast
                "2606:4700:4700::1111",
                "fbff::1", // just below fc00::/7
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1" // 6to4 around 8.8.8.8
            })
    void shouldPermitTheAddressWhenItIsPublic(String host) {
        assertThat(CidrRange.literal(host)).as(host).isNotNull();
        assertThat(policy.isBlockedLiteral(host)).as(host).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "localhost", "internal.example", "127.0.0.1.nip.io"})
    void shouldLeaveNamesToTheCheckAtResolutionWhenTheHostIsNotALiteral(String host) {
        assertThat(policy.isBlockedLiteral(host)).isFalse();
    }

    @Test
    void shouldPermitExactlyTheOperatorAllowedRangesWhenSomeAreAllowed() {
        AddressPolicy allowing =
                new AddressPolicy(List.of(CidrRange.parse("10.20.0.0/16"), CidrRange.parse("127.0.0.1/32")));

        assertThat(allowing.isBlockedLiteral("10.20.0.1")).isFalse();
        assertThat(allowing.isBlockedLiteral("10.20.255.255")).isFalse();
        assertThat(allowing.isBlockedLiteral("127.0.0.1")).isFalse();
        assertThat(allowing.isBlockedLiteral("2130706433")).isFalse();
        assertThat(allowing.isBlockedLiteral("::ffff:10.20.3.4")).isFalse();
        assertThat(allowing.isBlockedLiteral("10.21.0.1")).isTrue();
        assertThat(allowing.isBlockedLiteral("10.19.255.255")).isTrue();
        assertThat(allowing.isBlockedLiteral("127.0.0.2")).isTrue();
        assertThat(allowing.isBlockedLiteral("::1")).isTrue();
        assertThat(allowing.isBlockedLiteral("169.254.169.254")).isTrue();
    }
}
