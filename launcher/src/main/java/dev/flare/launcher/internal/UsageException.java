package dev.flare.launcher.internal;

/** The command line is wrong; the message says what, and the launcher prints the usage after it. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
