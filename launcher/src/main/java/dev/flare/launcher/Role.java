package dev.flare.launcher;

import java.util.Optional;

/**
 * One part of Flare running in this JVM (ingest-api, topology, connector). The launcher starts roles in list order,
 * waits until every one {@link #isReady() is ready}, and closes them in reverse order on shutdown.
 */
public interface Role extends AutoCloseable {

    /** A short name for logs and messages, for example {@code ingest-api}. */
    String name();

    /** Starts the role; returns once it has started (it may become ready later). Called once. */
    void start() throws Exception;

    /** Whether the role serves its purpose now; polled after {@link #start()} until true. */
    boolean isReady();

    /** What the role is still doing before it is ready, for the start-up log; called while it is not ready. */
    default String progress() {
        return "starting";
    }

    /** Why the role will never become ready (it stopped with an error), or empty while it still may. */
    default Optional<String> failure() {
        return Optional.empty();
    }

    /** Stops the role and releases its resources; must not throw and should finish within a few seconds. */
    @Override
    void close();
}
