package dev.flare.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Derives Standard Webhooks message ids from (subscription, document, position), so they survive retries. */
public final class WebhookIds {

    private WebhookIds() {}

    public static String of(String subscriptionId, String documentUrl, Position position) {
        String seed = subscriptionId + '\n' + documentUrl + '\n' + position.revision() + '\n' + position.deleted();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "msg_"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
