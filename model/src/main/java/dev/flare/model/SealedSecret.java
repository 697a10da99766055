package dev.flare.model;

import java.time.Instant;

/**
 * One signing secret of a subscription as it is stored: encrypted with the operator's key (see
 * {@link dev.flare.model.secret.SecretBox}), never in clear text.
 *
 * @param sealed the encrypted {@code whsec_…} secret
 * @param createdAt when it was made
 * @param expiresAt when it stops signing, null while it is the current secret (a rotated-out secret keeps signing
 *     for a while so receivers can switch over)
 */
public record SealedSecret(String sealed, Instant createdAt, Instant expiresAt) {

    public boolean isActiveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
