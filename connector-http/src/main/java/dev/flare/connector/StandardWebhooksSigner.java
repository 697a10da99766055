package dev.flare.connector;

import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callbacks the Standard Webhooks way: for every secret of the subscription active at the timestamp, the
 * current one first, {@code v1,<base64 HMAC-SHA256(key, webhookId + "." + timestampSeconds + "." + body)>}, all in
 * one space-separated {@code webhook-signature} header. Secrets are stored sealed; they are opened with the
 * operator's {@link SecretBox} for each call and never kept or logged. A subscription without secrets is not
 * signed; one whose secrets cannot be used is not sent at all ({@link SigningException}).
 */
public final class StandardWebhooksSigner implements RequestSigner {

    /** The header carrying the signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final Comparator<SealedSecret> CURRENT_FIRST = Comparator.comparing(
                    SealedSecret::expiresAt, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
            .thenComparing(SealedSecret::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private final Optional<SecretBox> box;

    /** @param box the operator's key ({@code flare.secret.key}), empty when none is configured */
    public StandardWebhooksSigner(Optional<SecretBox> box) {
        this.box = box;
    }

    @Override
    public Map<String, String> headers(Subscription subscription, String webhookId, Instant timestamp, byte[] body) {
        if (subscription.secrets().isEmpty()) {
            return Map.of();
        }
        if (box.isEmpty()) {
            throw new SigningException("signing key not configured: the subscription has signing secrets but "
                    + FlareConfig.SECRET_KEY + " is not set");
        }
        List<SealedSecret> active = subscription.secrets().stream()
                .filter(secret -> secret.isActiveAt(timestamp))
                .sorted(CURRENT_FIRST)
                .toList();
        if (active.isEmpty()) {
            throw new SigningException("no signing secret of the subscription is active");
        }
        byte[] prefix = (webhookId + "." + timestamp.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>(active.size());
        for (SealedSecret secret : active) {
            signatures.add("v1," + sign(keyBytes(secret), prefix, body));
        }
        return Map.of(SIGNATURE_HEADER, String.join(" ", signatures));
    }

    private byte[] keyBytes(SealedSecret secret) {
        String clear;
        try {
            clear = box.orElseThrow().open(secret.sealed());
        } catch (IllegalArgumentException e) {
            throw new SigningException("signing secret cannot be opened with the configured key");
        }
        byte[] key;
        try {
            key = WebhookSecrets.keyBytes(clear);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length == 0) {
            throw new SigningException("signing secret is not a " + WebhookSecrets.PREFIX + "<base64> secret");
        }
        return key;
    }

    private static String sign(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
