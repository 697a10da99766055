package dev.flare.launcher;

import dev.flare.model.config.FlareConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the roles of standalone mode get to build themselves: the merged settings (environment, then command-line
 * flags, then the embedded broker's address and replication factor 1), the shared {@link FlareConfig}, the data
 * directory they may keep state under, and a way to tell the launcher the URL users should call.
 */
public final class StandaloneContext {

    private final Map<String, String> settings;
    private final FlareConfig config;
    private final Path dataDir;
    private final String bootstrapServers;
    private final AtomicReference<String> announced = new AtomicReference<>();

    public StandaloneContext(Map<String, String> settings, Path dataDir, String bootstrapServers) {
        this.settings = Map.copyOf(settings);
        this.config = new FlareConfig(this.settings);
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Every {@code flare.*} setting, already pointing {@code flare.kafka.bootstrap.servers} at the embedded broker. */
    public Map<String, String> settings() {
        return settings;
    }

    public FlareConfig config() {
        return config;
    }

    /** Absolute directory for the roles' local state (for example {@code dataDir().resolve("streams")}). */
    public Path dataDir() {
        return dataDir;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Records the URL users should call (the ingest-api's, with its real port); the launcher prints it once every
     * role is ready. The last announcement wins.
     */
    public void announce(String url) {
        announced.set(url);
    }

    public Optional<String> announcedUrl() {
        return Optional.ofNullable(announced.get());
    }
}
