package dev.flare.model;

import java.io.Serial;

/** The topology's state is not readable right now (starting, restoring, rebalancing): ask again shortly. */
public final class StateUnavailableException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
