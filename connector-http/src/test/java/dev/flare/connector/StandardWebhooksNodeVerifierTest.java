package dev.flare.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.model.ContentOptions;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Endpoint;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures checked by an independent verifier: a Node.js script using only Node's own crypto. */
class StandardWebhooksNodeVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String ID = "msg_2Kq9v3";
    private static final byte[] BODY =
            "{\"id\":\"http://api.company.com/users/1\",\"revision\":3}".getBytes(StandardCharsets.UTF_8);

    private final SecretBox box = SecretBox.fromBase64Key(SecretBox.newBase64Key());
    private final StandardWebhooksSigner signer = new StandardWebhooksSigner(Optional.of(box));

    @TempDir
    Path dir;

    private Subscription subscription(List<SealedSecret> secrets) {
        return new Subscription(
                "s1",
                "r1",
                new Endpoint("http://client.example/{id}", null, null, null),
                DeliveryPolicy.DEFAULT,
                ContentOptions.DEFAULT,
                null,
                NOW,
                secrets,
                null);
    }

    private SealedSecret current(String secret) {
        return new SealedSecret(box.seal(secret), NOW.minusSeconds(60), null);
    }

    private String verify(String secret, String signature, byte[] body) throws Exception {
        Path script = dir.resolve("verify.js");
        try (InputStream in = getClass().getResourceAsStream("/standard-webhooks-verify.js")) {
            Files.write(script, in.readAllBytes());
        }
        Path bodyFile = dir.resolve("body");
        Files.write(bodyFile, body);
        Process node = new ProcessBuilder(
                        "node",
                        script.toString(),
                        secret,
                        ID,
                        Long.toString(NOW.getEpochSecond()),
                        signature,
                        bodyFile.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
        return readAll(node);
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldProduceASignatureAnIndependentVerifierAcceptsWhenSigned() throws Exception {
        String secret = WebhookSecrets.generate();

        String signature = signer.headers(subscription(List.of(current(secret))), ID, NOW, BODY)
                .get("webhook-signature");

        assertThat(signature).startsWith("v1,");
        assertThat(verify(secret, signature, BODY)).isEqualTo("valid");
    }

    @Test
    void shouldFailIndependentVerificationWhenTheBodyWasAltered() throws Exception {
        String secret = WebhookSecrets.generate();
        String signature = signer.headers(subscription(List.of(current(secret))), ID, NOW, BODY)
                .get("webhook-signature");

        assertThat(verify(secret, signature, "{\"revision\":4}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("invalid");
        assertThat(verify(WebhookSecrets.generate(), signature, BODY)).isEqualTo("invalid");
    }

    @Test
    void shouldSignWithTheNewAndTheRotatedOutSecretWhileBothAreActive() throws Exception {
        String newer = WebhookSecrets.generate();
        String older = WebhookSecrets.generate();
        SealedSecret ending = new SealedSecret(box.seal(older), NOW.minusSeconds(3600), NOW.plusSeconds(3600));
        SealedSecret expired =
                new SealedSecret(box.seal(WebhookSecrets.generate()), NOW.minusSeconds(90_000), NOW.minusSeconds(1));

        String signature = signer.headers(subscription(List.of(current(newer), ending, expired)), ID, NOW, BODY)
                .get("webhook-signature");

        assertThat(signature.split(" ")).hasSize(2);
        assertThat(verify(newer, signature, BODY)).isEqualTo("valid");
        assertThat(verify(older, signature, BODY)).isEqualTo("valid");
    }

    @Test
    void shouldAddNothingWhenTheSubscriptionHasNoSecret() {
        assertThat(signer.headers(subscription(List.of()), ID, NOW, BODY)).isEqualTo(Map.of());
    }

    @Test
    void shouldRefuseToSendUnsignedWhenNoKeyIsConfigured() {
        StandardWebhooksSigner keyless = new StandardWebhooksSigner(Optional.empty());
        Subscription signed = subscription(List.of(current(WebhookSecrets.generate())));

        assertThatThrownBy(() -> keyless.headers(signed, ID, NOW, BODY))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("flare.secret.key");
    }

    @Test
    void shouldRefuseWithoutRevealingTheSecretWhenTheKeyCannotOpenIt() {
        StandardWebhooksSigner otherKey =
                new StandardWebhooksSigner(Optional.of(SecretBox.fromBase64Key(SecretBox.newBase64Key())));
        String secret = WebhookSecrets.generate();

        assertThatThrownBy(() -> otherKey.headers(subscription(List.of(current(secret))), ID, NOW, BODY))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("cannot be opened")
                .hasMessageNotContaining(secret.substring(6));
    }
}
