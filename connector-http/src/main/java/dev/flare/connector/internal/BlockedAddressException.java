package dev.flare.connector.internal;

import java.io.Serial;
import java.net.UnknownHostException;

/** A callback host that resolves only to addresses Flare must not call (spec §9): a permanent failure. */
public final class BlockedAddressException extends UnknownHostException {

    @Serial
    private static final long serialVersionUID = 1L;

    public BlockedAddressException(String message) {
        super(message);
    }
}
