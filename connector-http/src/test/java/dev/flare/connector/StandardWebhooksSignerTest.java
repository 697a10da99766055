package dev.flare.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.flare.connector.internal.CallbackRequests;
import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.Endpoint;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.json.Json;
import dev.flare.model.json.RawJson;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class StandardWebhooksSignerTest {

    private static final String WEBHOOK_ID = "msg_2b6fGm0nWxVv3bYc0f3Kp1qQ7aZ";
    private static final byte[] BODY =
            "{\"id\":\"http://api.example.com/users/42\",\"revision\":3}".getBytes(StandardCharsets.UTF_8);

    private final SecretBox box = SecretBox.fromBase64Key(SecretBox.newBase64Key());
    private final StandardWebhooksSigner signer = new StandardWebhooksSigner(Optional.of(box));
    private final Instant now = Instant.now();

    @Test
    void shouldProduceRequestThatStandardWebhooksLibraryVerifiesWhenSubscriptionHasSecret() throws Exception {
        String secret = WebhookSecrets.generate();
        Subscription subscription = subscription(List.of(new SealedSecret(box.seal(secret), now, null)));
        CallbackRequests requests = new CallbackRequests("Flare/test", signer, Optional.empty(), Clock.systemUTC());

        Request request = requests.build(delivery(), subscription, Map.of());

        String body = body(request);
        Map<String, List<String>> headers = request.headers().toMultimap();
        new Webhook(secret).verify(body, headers);
        assertThat(headers.get("webhook-signature")).hasSize(1);
        assertThat(headers.get("webhook-id")).containsExactly(delivery().webhookId());
    }

    @Test
    void shouldFailIndependentVerificationWhenBodyIsAltered() throws Exception {
        String secret = WebhookSecrets.generate();
        Subscription subscription = subscription(List.of(new SealedSecret(box.seal(secret), now, null)));
        Request request = new CallbackRequests("Flare/test", signer, Optional.empty(), Clock.systemUTC())
                .build(delivery(), subscription, Map.of());

        String altered = body(request).replace("\"revision\":3", "\"revision\":4");

        assertThatThrownBy(() ->
                        new Webhook(secret).verify(altered, request.headers().toMultimap()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void shouldSignWithEveryActiveSecretCurrentFirstWhenRotated() throws Exception {
        String current = WebhookSecrets.generate();
        String previous = WebhookSecrets.generate();
        Subscription subscription = subscription(List.of(
                new SealedSecret(box.seal(previous), now.minusSeconds(3600), now.plus(Duration.ofHours(24))),
                new SealedSecret(box.seal(current), now, null)));

        Map<String, String> headers = signer.headers(subscription, WEBHOOK_ID, now, BODY);

        String payload = new String(BODY, StandardCharsets.UTF_8);
        long seconds = now.getEpochSecond();
        assertThat(headers)
                .containsExactly(Map.entry(
                        "webhook-signature",
                        new Webhook(current).sign(WEBHOOK_ID, seconds, payload)
                                + " "
                                + new Webhook(previous).sign(WEBHOOK_ID, seconds, payload)));
    }

    @Test
    void shouldSignWithBothSecretsUntilTheRotationDayEndsAndThenWithTheNewOneOnly() throws Exception {
        String current = WebhookSecrets.generate();
        String previous = WebhookSecrets.generate();
        Instant rotated = now.minus(Duration.ofHours(24));
        Subscription subscription = subscription(List.of(
                new SealedSecret(box.seal(current), rotated, null),
                new SealedSecret(box.seal(previous), rotated.minus(Duration.ofDays(30)), now)));
        String payload = new String(BODY, StandardCharsets.UTF_8);
        Instant lastSecond = now.minusSeconds(1);

        String during =
                signer.headers(subscription, WEBHOOK_ID, lastSecond, BODY).get("webhook-signature");
        String after = signer.headers(subscription, WEBHOOK_ID, now, BODY).get("webhook-signature");

        assertThat(during)
                .isEqualTo(new Webhook(current).sign(WEBHOOK_ID, lastSecond.getEpochSecond(), payload) + " "
                        + new Webhook(previous).sign(WEBHOOK_ID, lastSecond.getEpochSecond(), payload));
        assertThat(after).isEqualTo(new Webhook(current).sign(WEBHOOK_ID, now.getEpochSecond(), payload));
    }

    @Test
    void shouldLeaveOutSecretWhenItHasExpired() throws Exception {
        String current = WebhookSecrets.generate();
        String expired = WebhookSecrets.generate();
        Subscription subscription = subscription(List.of(
                new SealedSecret(box.seal(current), now, null),
                new SealedSecret(box.seal(expired), now.minusSeconds(7200), now.minusSeconds(1))));

        Map<String, String> headers = signer.headers(subscription, WEBHOOK_ID, now, BODY);

        assertThat(headers.get("webhook-signature"))
                .isEqualTo(new Webhook(current)
                        .sign(WEBHOOK_ID, now.getEpochSecond(), new String(BODY, StandardCharsets.UTF_8)));
    }

    @Test
    void shouldAddNothingWhenSubscriptionHasNoSecret() {
        assertThat(signer.headers(subscription(List.of()), WEBHOOK_ID, now, BODY))
                .isEmpty();
        assertThat(new StandardWebhooksSigner(Optional.empty()).headers(subscription(List.of()), WEBHOOK_ID, now, BODY))
                .isEmpty();
    }

    @Test
    void shouldRefuseWithoutNamingSecretWhenNoKeyIsConfigured() {
        String secret = WebhookSecrets.generate();
        Subscription subscription = subscription(List.of(new SealedSecret(box.seal(secret), now, null)));

        assertThatThrownBy(
                        () -> new StandardWebhooksSigner(Optional.empty()).headers(subscription, WEBHOOK_ID, now, BODY))
                .isInstanceOf(SigningException.class)
                .hasMessageStartingWith("signing key not configured")
                .hasMessageNotContaining(secret);
    }

    @Test
    void shouldRefuseWhenSecretWasSealedWithAnotherKey() {
        SecretBox other = SecretBox.fromBase64Key(SecretBox.newBase64Key());
        String secret = WebhookSecrets.generate();
        Subscription subscription = subscription(List.of(new SealedSecret(other.seal(secret), now, null)));

        assertThatThrownBy(() -> signer.headers(subscription, WEBHOOK_ID, now, BODY))
                .isInstanceOf(SigningException.class)
                .hasMessage("signing secret cannot be opened with the configured key");
    }

    private static Subscription subscription(List<SealedSecret> secrets) {
        return new Subscription(
                "s1",
                "r1",
                new Endpoint("http://hooks.example.com/users/{id}", null, null, null),
                null,
                null,
                null,
                Instant.EPOCH,
                secrets,
                null);
    }

    private static Delivery delivery() {
        RawJson document = RawJson.of(Json.mapper().createObjectNode().put("name", "Ada"));
        return new Delivery(
                "s1",
                "r1",
                "http://api.example.com/users/42",
                Action.CREATE,
                3,
                null,
                false,
                document,
                Instant.parse("2024-05-01T09:00:00Z"),
                1,
                null,
                null,
                null);
    }

    private static String body(Request request) throws IOException {
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        return buffer.readUtf8();
    }
}
