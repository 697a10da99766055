package dev.flare.connector.internal;

import java.io.Serial;

/** A subscription whose callback cannot be built (URL, method or header): retrying cannot help. */
public final class InvalidCallbackException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidCallbackException(String message) {
        super(message);
    }
}
