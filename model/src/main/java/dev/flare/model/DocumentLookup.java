package dev.flare.model;

import java.util.Optional;

/**
 * Reads the topology's document state, wherever it lives: the launcher wires a local interactive-query lookup in
 * standalone mode, or a remote one when the topology runs in other processes.
 */
@FunctionalInterface
public interface DocumentLookup {

    /**
     * The latest state of a document, deleted ones included.
     *
     * @throws StateUnavailableException when the state cannot be read right now (a rebalance, a restore)
     */
    Optional<DocumentState> document(String url);
}
