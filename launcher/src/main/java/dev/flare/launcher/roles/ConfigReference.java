package dev.flare.launcher.roles;

import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.launcher.LauncherConfig;
import dev.flare.model.config.EnvironmentSettings;
import dev.flare.model.config.FlareConfig;
import dev.flare.topology.TopologyConfig;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/** Renders docs/configuration.md from the config definitions, so the reference cannot drift from the code. */
public final class ConfigReference {

    private ConfigReference() {}

    /** The reference of every setting Flare has. */
    public static String markdown() {
        return markdown(sections());
    }

    /** The name of every setting Flare has. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        sections().values().forEach(definition -> names.addAll(definition.names()));
        return names;
    }

    private static Map<String, ConfigDef> sections() {
        Map<String, ConfigDef> sections = new LinkedHashMap<>();
        sections.put("Shared by every role", FlareConfig.DEFINITION);
        sections.put("Standalone mode (`./flare up`)", LauncherConfig.DEFINITION);
        sections.put("Ingest API", IngestConfig.DEFINITION);
        sections.put("Topology", TopologyConfig.DEFINITION);
        sections.put("Connector", ConnectorConfig.DEFINITION);
        return sections;
    }

    /** Markdown for the given sections, in order: title -> definition. */
    static String markdown(Map<String, ConfigDef> sections) {
        StringBuilder out = new StringBuilder()
                .append("# Configuration reference\n\n")
                .append(
                        "Generated from the code by `./flare config-docs --output docs/configuration.md`; a test fails when it is out of date.\n\n")
                .append("Every key can be set as an environment variable: upper-case it and replace `.` with `_`")
                .append(" (`flare.topic.partitions` is `FLARE_TOPIC_PARTITIONS`). A bad value stops start-up")
                .append(" with a message naming the key. Any `flare.kafka.*` key is passed to the Kafka clients")
                .append(" without its prefix (for example `flare.kafka.security.protocol`).\n");
        sections.forEach((title, definition) -> {
            out.append("\n## ").append(title).append("\n\n");
            out.append("| Key | Environment variable | Type | Default | Valid values | Description |\n");
            out.append("|---|---|---|---|---|---|\n");
            definition.configKeys().values().stream()
                    .sorted(Comparator.comparing(key -> key.name))
                    .forEach(key -> out.append("| `")
                            .append(key.name)
                            .append("` | `")
                            .append(EnvironmentSettings.variableFor(key.name))
                            .append("` | ")
                            .append(key.type.name().toLowerCase(Locale.ROOT))
                            .append(" | ")
                            .append(defaultText(key))
                            .append(" | ")
                            .append(key.validator == null ? "" : cell(key.validator.toString()))
                            .append(" | ")
                            .append(cell(key.documentation))
                            .append(" |\n"));
        });
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "";
        }
        String text = value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return text.isEmpty() ? "" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
