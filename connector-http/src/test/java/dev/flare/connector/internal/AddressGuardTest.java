package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.model.net.CidrRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private final AddressGuard guard = new AddressGuard(List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
                "127.0.0.1", "127.255.0.1", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8",
                "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9",
                "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255"
            })
    void shouldBlockReservedIpv4AddressesWhenNotAllowed(String address) throws UnknownHostException {
        assertThat(guard.isPermitted(InetAddress.getAllByName(address)[0])).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "febf::1",
                "ff02::1",
                "2001:db8::1",
                "2001:db8:ffff::1",
                "fd00:ec2::254"
            })
    void shouldBlockReservedIpv6AddressesWhenNotAllowed(String address) throws UnknownHostException {
        assertThat(guard.isPermitted(InetAddress.getAllByName(address)[0])).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::10.0.0.1", "64:ff9b::a9fe:a9fe"})
    void shouldBlockEmbeddedIpv4WhenMappedOrNat64(String address) {
        byte[] bytes = CidrRange.literal(address);

        assertThat(bytes).hasSize(16);
        assertThat(new AddressGuard(List.of()).isPermitted(ipv6(bytes))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "100.63.255.255",
                "100.128.0.1",
                "172.15.255.255",
                "172.32.0.1",
                "198.17.255.255",
                "198.20.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001::200e"
            })
    void shouldPermitPublicAddressesWhenNoAllowList(String address) throws UnknownHostException {
        assertThat(guard.isPermitted(InetAddress.getAllByName(address)[0])).isTrue();
    }

    @Test
    void shouldPermitNat64OfPublicAddressWhenEmbeddedAddressIsPublic() {
        assertThat(guard.isPermitted(ipv6(CidrRange.literal("64:ff9b::808:808"))))
                .isTrue();
    }

    @Test
    void shouldPermitReservedAddressWhenInsideAllowedCidr() throws UnknownHostException {
        AddressGuard allowing = new AddressGuard(List.of(CidrRange.parse("10.20.0.0/16")));

        assertThat(allowing.isPermitted(InetAddress.getAllByName("10.20.3.4")[0]))
                .isTrue();
        assertThat(allowing.isPermitted(InetAddress.getAllByName("10.21.3.4")[0]))
                .isFalse();
    }

    @Test
    void shouldRefuseNameWhenItResolvesOnlyToBlockedAddresses() {
        AddressGuard resolving =
                new AddressGuard(List.of(), host -> List.of(InetAddress.getAllByName("169.254.169.254")[0]));

        assertThatThrownBy(() -> resolving.lookup("metadata.example"))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("metadata.example");
    }

    @Test
    void shouldKeepOnlyPermittedAddressesWhenNameResolvesToMixedAddresses() throws UnknownHostException {
        InetAddress internal = InetAddress.getAllByName("10.0.0.5")[0];
        InetAddress external = InetAddress.getAllByName("93.184.216.34")[0];
        AddressGuard resolving = new AddressGuard(List.of(), host -> List.of(internal, external));

        assertThat(resolving.lookup("mixed.example")).containsExactly(external);
    }

    @Test
    void shouldRefuseIpLiteralHostWhenBlocked() {
        assertThatThrownBy(() -> guard.checkHost("169.254.169.254")).isInstanceOf(BlockedAddressException.class);
        assertThatThrownBy(() -> guard.checkHost("::1")).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void shouldLeaveNamesToResolutionWhenHostIsNotALiteral() throws BlockedAddressException {
        guard.checkHost("localhost.example");
        guard.checkHost("8.8.8.8");

        assertThat(CidrRange.literal("localhost.example")).isNull();
    }

    private static InetAddress ipv6(byte[] bytes) {
        try {
            // Note: getByAddress turns ::ffff:a.b.c.d into an Inet4Address; the guard must block both forms.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
