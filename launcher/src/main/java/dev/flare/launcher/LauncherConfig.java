package dev.flare.launcher;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Settings of standalone mode itself ({@code flare.data.dir}, {@code flare.embedded.kafka.*}). Like every Flare key
 * they can be set by environment variables ({@code FLARE_DATA_DIR}) and are overridden by command-line flags.
 */
public final class LauncherConfig extends AbstractConfig {

    /** Directory holding all standalone state: the embedded broker under {@code kafka/}, the roles' local state. */
    public static final String DATA_DIR = "flare.data.dir";
    /** Port of the embedded broker's client listener on 127.0.0.1; 0 picks a free port at each start. */
    public static final String EMBEDDED_KAFKA_PORT = "flare.embedded.kafka.port";
    /** Port of the embedded broker's controller listener on 127.0.0.1; 0 picks a free port at each start. */
    public static final String EMBEDDED_KAFKA_CONTROLLER_PORT = "flare.embedded.kafka.controller.port";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    DATA_DIR,
                    ConfigDef.Type.STRING,
                    "./data",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.HIGH,
                    "Directory where standalone mode keeps everything (the embedded Kafka broker's logs and"
                            + " metadata, the roles' local state); starting again on it keeps all state.")
            .define(
                    EMBEDDED_KAFKA_PORT,
                    ConfigDef.Type.INT,
                    0,
                    ConfigDef.Range.between(0, 65_535),
                    ConfigDef.Importance.LOW,
                    "Port of the embedded Kafka broker on 127.0.0.1 in standalone mode, for tools such as"
                            + " kafka-console-consumer. 0 picks a free port at each start.")
            .define(
                    EMBEDDED_KAFKA_CONTROLLER_PORT,
                    ConfigDef.Type.INT,
                    0,
                    ConfigDef.Range.between(0, 65_535),
                    ConfigDef.Importance.LOW,
                    "Port of the embedded KRaft controller on 127.0.0.1 in standalone mode. 0 picks a free port"
                            + " at each start.");

    public LauncherConfig(Map<?, ?> settings) {
        super(DEFINITION, settings, false);
    }

    /** The data directory, made absolute. */
    public Path dataDir() {
        return Path.of(getString(DATA_DIR)).toAbsolutePath().normalize();
    }

    public int embeddedKafkaPort() {
        return getInt(EMBEDDED_KAFKA_PORT);
    }

    public int embeddedKafkaControllerPort() {
        return getInt(EMBEDDED_KAFKA_CONTROLLER_PORT);
    }
}
