package dev.flare.bench.jmh;

import dev.flare.bench.internal.Documents;
import dev.flare.connector.StandardWebhooksSigner;
import dev.flare.model.Endpoint;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signing one callback of a 1 KiB body the Standard Webhooks way with one secret, as the connector does for every
 * attempt ({@link StandardWebhooksSigner#headers}: open the sealed secret, HMAC-SHA256 over
 * {@code id.timestamp.body}, base64). {@code newMacPerCall} is the HMAC alone with a fresh {@link Mac}, as the
 * signer makes one per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SigningBenchmark {

    private static final String HMAC = "HmacSHA256";
    private static final String WEBHOOK_ID = "msg_2b6fGm0nWxVv3bYc0f3Kp1qQ7aZ";
    private static final Instant NOW = Instant.parse("2026-11-23T12:11:17Z");

    private final byte[] body = Documents.body(42, 7);
    private byte[] key;
    private byte[] signed;
    private Mac mac;
    private Subscription subscription;
    private StandardWebhooksSigner signer;

    @Setup
    public void sealSecret() throws GeneralSecurityException {
        SecretBox box = SecretBox.fromBase64Key(SecretBox.newBase64Key());
        String secret = WebhookSecrets.generate();
        subscription = new Subscription(
                "s1",
                "r1",
                new Endpoint("http://127.0.0.1:9000/hooks", null, null, null),
                null,
                null,
                null,
                NOW,
                List.of(new SealedSecret(box.seal(secret), NOW, null)),
                null);
        signer = new StandardWebhooksSigner(Optional.of(box));
        key = WebhookSecrets.keyBytes(secret);
        mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(key, HMAC));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes((WEBHOOK_ID + "." + NOW.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8));
        message.writeBytes(body);
        signed = message.toByteArray();
    }

    @Benchmark
    public byte[] referenceMacDoFinal() {
        return mac.doFinal(signed);
    }

    @Benchmark
    public Map<String, String> signerHeaders() {
        return signer.headers(subscription, WEBHOOK_ID, NOW, body);
    }

    @Benchmark
    public byte[] newMacPerCall() throws GeneralSecurityException {
        Mac fresh = Mac.getInstance(HMAC);
        fresh.init(new SecretKeySpec(key, HMAC));
        return fresh.doFinal(signed);
    }
}
