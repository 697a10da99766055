package dev.flare.model.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns environment variables into config keys: {@code FLARE_KAFKA_BOOTSTRAP_SERVERS} sets
 * {@code flare.kafka.bootstrap.servers}. Only variables starting with {@code FLARE_} are read.
 */
public final class EnvironmentSettings {

    private EnvironmentSettings() {}

    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("FLARE_")) {
                settings.put(keyFor(name), value);
            }
        });
        return settings;
    }

    public static String keyFor(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static String variableFor(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
