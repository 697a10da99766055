package dev.flare.model.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = SecretBox.fromBase64Key(SecretBox.newBase64Key());

    @Test
    void shouldOpenWhatItSealedWithoutKeepingClearText() {
        String secret = WebhookSecrets.generate();

        String sealed = box.seal(secret);

        assertThat(sealed).startsWith("v1:").doesNotContain(secret.substring(6, 20));
        assertThat(box.open(sealed)).isEqualTo(secret);
    }

    @Test
    void shouldSealTheSameSecretDifferentlyEachTime() {
        assertThat(box.seal("whsec_abc")).isNotEqualTo(box.seal("whsec_abc"));
    }

    @Test
    void shouldRefuseAValueSealedWithAnotherKey() {
        String sealed = SecretBox.fromBase64Key(SecretBox.newBase64Key()).seal("whsec_abc");

        assertThatThrownBy(() -> box.open(sealed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another key");
    }

    @Test
    void shouldRefuseAnAlteredValue() {
        byte[] bytes = Base64.getDecoder().decode(box.seal("whsec_abc").substring(3));
        bytes[bytes.length / 2] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAKeyOfTheWrongLengthWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretBox.fromBase64Key("c2hvcnQta2V5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2hvcnQta2V5")
                .hasMessageContaining("32 bytes");
    }

    @Test
    void shouldGenerateStandardWebhooksSecretsOf32Bytes() {
        String secret = WebhookSecrets.generate();

        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSecrets.keyBytes(secret)).hasSize(32);
        assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
    }
}
