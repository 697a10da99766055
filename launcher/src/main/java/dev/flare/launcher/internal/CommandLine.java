package dev.flare.launcher.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: the command ({@code up}, {@code help}, a role name) and the settings its flags set.
 *
 * @param command the first argument, or {@code help} for {@code -h}/{@code --help} anywhere
 * @param settings config keys set by flags ({@code --port} sets {@code flare.port})
 */
public record CommandLine(String command, Map<String, String> settings) {

    public static final String HELP = "help";
    public static final String UP = "up";
    public static final String RECEIVER = "receiver";
    public static final String CONFIG_DOCS = "config-docs";
    public static final String REPLAY = "replay";
    /** The port flag of {@code receiver}. */
    public static final String RECEIVER_PORT = "receiver.port";
    /** The output file flag of {@code config-docs}. */
    public static final String OUTPUT = "output";
    /** The HTTP port key of the ingest-api; validated here for {@code --port}. */
    public static final String PORT = "flare.port";

    private static final Map<String, String> UP_FLAGS = Map.of("--port", PORT, "--data-dir", "flare.data.dir");

    public CommandLine {
        settings = Map.copyOf(settings);
    }

    /**
     * Parses {@code args}.
     *
     * @throws UsageException when there is no command, an unknown flag, or a flag without its value
     */
    public static CommandLine parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("no command given");
        }
        if (args.contains("-h") || args.contains("--help")) {
            return new CommandLine(HELP, Map.of());
        }
        String command = args.getFirst();
        Map<String, Map<String, String>> known = Map.of(
                UP,
                UP_FLAGS,
                HELP,
                Map.of(),
                RECEIVER,
                Map.of("--port", RECEIVER_PORT),
                CONFIG_DOCS,
                Map.of("--output", OUTPUT),
                "ingest-api",
                Map.of(),
                "topology",
                Map.of(),
                "connector",
                Map.of(),
                "init",
                Map.of(),
                REPLAY,
                Map.of(
                        "--api", "replay.api",
                        "--resource", "replay.resource",
                        "--subscription", "replay.subscription",
                        "--from", "replay.from",
                        "--reset", "replay.reset"));
        Map<String, String> flags = known.get(command);
        if (flags == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Map<String, String> settings = new HashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String flag = equals > 0 ? arg.substring(0, equals) : arg;
            String key = flags.get(flag);
            if (key == null) {
                throw new UsageException("unknown option '" + arg + "' for " + command);
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(flag + " needs a value");
            }
            settings.put(key, value);
        }
        return new CommandLine(command, settings);
    }
}
