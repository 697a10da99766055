package dev.flare.chaos.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Settings every Flare process of a chaos run shares: short retry tiers and circuit, so runs stay short. */
final class FlareSettings {

    static final String TOPIC_PREFIX = "chaos";
    static final String LAUNCHER_MAIN = "dev.flare.launcher.Main";
    static final Pattern READY = Pattern.compile("Flare is (?:listening on (http://\\S+)|running)");

    private FlareSettings() {}

    static Map<String, String> common() {
        Map<String, String> settings = new HashMap<>();
        settings.put("FLARE_TOPIC_PREFIX", TOPIC_PREFIX);
        settings.put("FLARE_CONNECTOR_RETRY_DELAYS", "1s,2s,4s");
        settings.put("FLARE_CONNECTOR_CIRCUIT_OPEN_MS", "2000");
        return settings;
    }
}
