package dev.flare.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

    @Test
    void shouldContainAddressesInsideIpv4Block() throws UnknownHostException {
        CidrRange range = CidrRange.parse("10.0.0.0/8");

        assertThat(range.contains(InetAddress.getAllByName("10.200.1.1")[0])).isTrue();
        assertThat(range.contains(InetAddress.getAllByName("11.0.0.1")[0])).isFalse();
    }

    @Test
    void shouldContainOnlyItselfWhenIpv6HostBlock() throws UnknownHostException {
        CidrRange range = CidrRange.parse("::1/128");

        assertThat(range.contains(InetAddress.getAllByName("::1")[0])).isTrue();
        assertThat(range.contains(InetAddress.getAllByName("::2")[0])).isFalse();
    }

    @Test
    void shouldNotContainIpv4AddressWhenBlockIsIpv6() throws UnknownHostException {
        assertThat(CidrRange.parse("::/0").contains(InetAddress.getAllByName("1.2.3.4")[0]))
                .isFalse();
    }

    @Test
    void shouldNormalizeHostBitsWhenParsing() {
        assertThat(CidrRange.parse("10.1.2.3/8")).isEqualTo(CidrRange.parse("10.0.0.0/8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "::/129", "example.com/8", "10.0.0/8", "300.1.1.1/8", "10.0.0.0/x"})
    void shouldRejectTextWhenNotACidrBlock(String text) {
        assertThatThrownBy(() -> CidrRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,127.0.0.1",
        "2130706433,127.0.0.1",
        "0x7f000001,127.0.0.1",
        "0177.0.0.1,127.0.0.1",
        "0x7f.1,127.0.0.1",
        "10.1,10.0.0.1",
        "169.254.169.254.,169.254.169.254"
    })
    void shouldReadEveryUrlSpellingOfIpv4WhenParsingALiteral(String host, String address) throws Exception {
        assertThat(CidrRange.literal(host))
                .isEqualTo(java.net.InetAddress.getByName(address).getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "1.2.3.4.5", "256.0.0.1", "1.2.3.0x1g", "api.0x10"})
    void shouldTreatTheHostAsANameWhenItIsNotAnIpv4Literal(String host) {
        assertThat(CidrRange.literal(host)).isNull();
    }
}
