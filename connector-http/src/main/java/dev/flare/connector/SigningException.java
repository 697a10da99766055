package dev.flare.connector;

import java.io.Serial;

/**
 * A callback that must be signed cannot be: its subscription has signing secrets but they cannot be used. The
 * delivery is dead-lettered with this message rather than sent unsigned. The message never holds a secret or a key.
 */
public final class SigningException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }
}
