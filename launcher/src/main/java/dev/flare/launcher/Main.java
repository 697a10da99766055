package dev.flare.launcher;

import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.launcher.internal.CommandLine;
import dev.flare.launcher.internal.UsageException;
import dev.flare.launcher.roles.ClusterRoles;
import dev.flare.launcher.roles.StandaloneRoles;
import dev.flare.model.config.EnvironmentSettings;
import dev.flare.model.config.FlareConfig;
import dev.flare.topology.TopologyConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code ./flare}: {@code up} runs standalone mode until SIGINT/SIGTERM. Exit status 0 on a clean
 * stop, 1 when start-up fails, 2 for a wrong command line or a bad setting (the message names the key).
 */
public final class Main {

    /** Longest a stop may take before the process exits anyway. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: flare <command> [options]

            Commands:
              up [--port N] [--data-dir DIR]    Run all of Flare in one process (standalone mode), with an
                                                embedded Kafka broker. Ctrl-C stops it; state is kept.
              ingest-api | topology | connector Run one role against the Kafka cluster of FLARE_KAFKA_BOOTSTRAP_SERVERS;
                                                run as many instances of each as partitions allow.
              init                              Create Flare's topics on that cluster, or check the existing ones.
              replay --resource ID --subscription ID [--from RFC3339] [--reset true] [--api URL]
                                                Re-send a subscription what is newer than it has (all of it again
                                                with --reset true) and show the progress.
              receiver [--port N]               Run a demo subscriber on 127.0.0.1 (default port 9000) that
                                                answers 200 and prints every callback.
              config-docs [--output FILE]       Print the configuration reference (Markdown).
              help                              Show this help.

            Options of up:
              --port N          HTTP port of the API on 127.0.0.1 (default 8080; env FLARE_PORT; 0 = any free port)
              --data-dir DIR    Directory for all state (default ./data; env FLARE_DATA_DIR)

            Every setting flare.x.y can also be set with the environment variable FLARE_X_Y.""";

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
        if (status != OK) {
            System.exit(status);
        }
    }

    /**
     * Runs {@code args}; for {@code up}, returns only once Flare has stopped. Returns the exit status.
     *
     * @param environment the process environment; {@code FLARE_*} variables are settings
     */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("flare: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        return switch (commandLine.command()) {
            case CommandLine.HELP -> {
                out.println(USAGE_TEXT);
                yield OK;
            }
            case CommandLine.UP -> up(environment, commandLine.settings(), out, err);
            case "topology" -> role(ClusterRoles::topology, environment, commandLine.settings(), out, err);
            case "connector" -> role(ClusterRoles::connector, environment, commandLine.settings(), out, err);
            case "ingest-api" -> role(ClusterRoles::ingestApi, environment, commandLine.settings(), out, err);
            case CommandLine.REPLAY -> new ReplayCommand(out, err).run(commandLine.settings());
            case "init" -> Tools.init(settingsOrNull(environment, commandLine.settings(), err), out, err);
            case CommandLine.RECEIVER -> Tools.receiver(commandLine.settings(), out, err);
            case CommandLine.CONFIG_DOCS -> Tools.configDocs(commandLine.settings(), out, err);
            default -> {
                err.println("flare: '" + commandLine.command() + "' is not yet supported; use 'flare up'.");
                yield USAGE;
            }
        };
    }

    /**
     * The settings of {@code up}: {@code FLARE_*} environment variables overridden by flags, validated.
     *
     * @throws ConfigException naming the key of the first bad value
     */
    static Map<String, String> settings(Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> settings = new HashMap<>(EnvironmentSettings.fromEnvironment(environment));
        settings.putAll(flags);
        String port = settings.get(CommandLine.PORT);
        if (port != null) {
            checkPort(port);
        }
        new LauncherConfig(settings);
        Map<String, String> standalone = Standalone.standaloneSettings(settings, "127.0.0.1:9092");
        new FlareConfig(standalone);
        new TopologyConfig(standalone);
        new ConnectorConfig(standalone);
        new IngestConfig(standalone);
        return Map.copyOf(settings);
    }

    static int retryTiers(Map<String, String> settings) {
        return new ConnectorConfig(settings).retryDelays().size();
    }

    private static void checkPort(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65_535) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(
                CommandLine.PORT, value, "must be an integer between 0 and 65535 (--port, FLARE_PORT)");
    }

    private static Map<String, String> settingsOrNull(
            Map<String, String> environment, Map<String, String> flags, PrintStream err) {
        try {
            return settings(environment, flags);
        } catch (ConfigException e) {
            err.println("flare: " + e.getMessage());
            return null;
        }
    }

    private static int up(
            Map<String, String> environment, Map<String, String> flags, PrintStream out, PrintStream err) {
        Map<String, String> settings = settingsOrNull(environment, flags, err);
        if (settings == null) {
            return USAGE;
        }
        return run(new Standalone(settings, retryTiers(settings), Main::roles), out, err);
    }

    /** One role in this process against the configured Kafka cluster (creating or checking its topics first). */
    private static int role(
            Function<StandaloneContext, List<Role>> roles,
            Map<String, String> environment,
            Map<String, String> flags,
            PrintStream out,
            PrintStream err) {
        Map<String, String> settings = settingsOrNull(environment, flags, err);
        if (settings == null) {
            return USAGE;
        }
        return run(new Standalone(settings, retryTiers(settings), roles, false), out, err);
    }

    private static int run(Standalone standalone, PrintStream out, PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(standalone, err), "flare-shutdown"));
        StandaloneContext context;
        try {
            context = standalone.start();
        } catch (Standalone.StoppedException e) {
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            standalone.close();
            return FAILED;
        } catch (ConfigException e) {
            err.println("flare: " + e.getMessage());
            standalone.close();
            return USAGE;
        } catch (Exception e) {
            if (standalone.isClosing()) {
                return OK;
            }
            LOG.error("Start-up failed", e);
            err.println("flare: start-up failed: " + e.getMessage());
            standalone.close();
            return FAILED;
        }
        String where = "(data in " + context.dataDir() + ", Kafka on " + context.bootstrapServers() + ")";
        out.println(context.announcedUrl()
                .map(url -> "Flare is listening on " + url + " " + where)
                .orElse("Flare is running " + where));
        out.flush();
        try {
            standalone.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static List<Role> roles(StandaloneContext context) {
        return StandaloneRoles.create(context);
    }

    private static void stop(Standalone standalone, PrintStream err) {
        if (standalone.isClosing()) {
            return;
        }
        err.println("flare: stopping...");
        Thread closer = new Thread(standalone::close, "flare-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(STOP_TIMEOUT.minusMillis(500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            err.println("flare: did not stop within " + STOP_TIMEOUT.toSeconds() + " s; exiting anyway.");
        } else {
            err.println("flare: stopped.");
        }
        err.flush();
    }
}
