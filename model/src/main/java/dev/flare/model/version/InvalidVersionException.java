package dev.flare.model.version;

import java.io.Serial;

/** A document whose version field is missing or cannot be read with its resource's {@code change} spec. */
public final class InvalidVersionException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidVersionException(String message) {
        super(message);
    }
}
