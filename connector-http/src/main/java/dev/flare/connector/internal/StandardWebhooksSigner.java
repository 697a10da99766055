package dev.flare.connector.internal;

import dev.flare.connector.RequestSigner;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: for each of the subscription's secrets active now (the current one first, then one
 * being rotated out), {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, space-separated in
 * {@code webhook-signature}. A subscription with secrets is never sent unsigned: without the operator's key, or with
 * a secret that key cannot open, the callback cannot be built.
 */
public final class StandardWebhooksSigner implements RequestSigner {

    private final Optional<SecretBox> box;

    public StandardWebhooksSigner(Optional<SecretBox> box) {
        this.box = box;
    }

    @Override
    public Map<String, String> headers(Subscription subscription, String webhookId, Instant timestamp, byte[] body) {
        List<SealedSecret> active = subscription.secrets().stream()
                .filter(secret -> secret.isActiveAt(timestamp))
                .toList();
        if (active.isEmpty()) {
            return Map.of();
        }
        SecretBox opener = box.orElseThrow(() -> new InvalidCallbackException(
                "the subscription signs its callbacks but no signing key (flare.secret.key) is configured"));
        byte[] signed = signedContent(webhookId, timestamp, body);
        List<String> signatures = new ArrayList<>(active.size());
        for (SealedSecret secret : active) {
            signatures.add("v1," + sign(open(opener, secret), signed));
        }
        return Map.of("webhook-signature", String.join(" ", signatures));
    }

    /** {@code id.timestamp.body}, the bytes a Standard Webhooks signature covers. */
    static byte[] signedContent(String webhookId, Instant timestamp, byte[] body) {
        byte[] prefix = (webhookId + "." + timestamp.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static String open(SecretBox opener, SealedSecret secret) {
        try {
            return opener.open(secret.sealed());
        } catch (IllegalArgumentException e) {
            throw new InvalidCallbackException(
                    "a signing secret of the subscription cannot be opened with the configured flare.secret.key");
        }
    }

    private static String sign(String secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WebhookSecrets.keyBytes(secret), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
