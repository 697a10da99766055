package dev.flare.launcher;

/**
 * An existing topic does not fit Flare (wrong cleanup policy, partition counts that break co-partitioning); the
 * message names the topic and the fix. Start-up stops on it.
 */
public final class TopicConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TopicConfigurationException(String message) {
        super(message);
    }
}
