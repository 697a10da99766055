package dev.flare.launcher;

import dev.flare.launcher.internal.CommandLine;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.roles.ConfigReference;
import dev.flare.model.config.FlareConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/** The launcher's helper commands: the demo receiver and the configuration reference. */
final class Tools {

    private static final int DEFAULT_RECEIVER_PORT = 9000;
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);

    private Tools() {}

    static int receiver(Map<String, String> flags, PrintStream out, PrintStream err) {
        int port;
        try {
            port = Integer.parseInt(flags.getOrDefault(CommandLine.RECEIVER_PORT, "" + DEFAULT_RECEIVER_PORT));
        } catch (NumberFormatException e) {
            err.println("flare: --port must be an integer between 0 and 65535");
            return Main.USAGE;
        }
        if (port < 0 || port > 65_535) {
            err.println("flare: --port must be an integer between 0 and 65535");
            return Main.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (EchoReceiver receiver = EchoReceiver.start(port, out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "flare-receiver-stop"));
            out.println("Receiver listening on http://127.0.0.1:" + receiver.port() + " (answers 200 to everything)");
            out.flush();
            stopped.await();
            return Main.OK;
        } catch (IOException e) {
            err.println("flare: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return Main.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.OK;
        }
    }

    static int configDocs(Map<String, String> flags, PrintStream out, PrintStream err) {
        String markdown = ConfigReference.markdown();
        String output = flags.get(CommandLine.OUTPUT);
        if (output == null) {
            out.print(markdown);
            return Main.OK;
        }
        try {
            Files.writeString(Path.of(output), markdown, StandardCharsets.UTF_8);
            return Main.OK;
        } catch (IOException e) {
            err.println("flare: cannot write " + output + ": " + e.getMessage());
            return Main.FAILED;
        }
    }

    /** {@code flare init}: creates Flare's missing topics on the configured cluster and checks the existing ones. */
    static int init(Map<String, String> settings, PrintStream out, PrintStream err) {
        if (settings == null) {
            return Main.USAGE;
        }
        FlareConfig config = new FlareConfig(settings);
        try (Admin admin = Admin.create(config.kafkaClientSettings())) {
            List<String> created =
                    new TopicInitializer(admin, INIT_TIMEOUT).initialize(config, Main.retryTiers(settings));
            out.println(
                    created.isEmpty()
                            ? "Every Flare topic exists and fits."
                            : "Created " + String.join(", ", created) + "; the others exist and fit.");
            return Main.OK;
        } catch (TopicConfigurationException e) {
            err.println("flare: " + e.getMessage());
            return Main.FAILED;
        } catch (KafkaException e) {
            err.println("flare: cannot set up topics on " + config.getList(FlareConfig.BOOTSTRAP_SERVERS) + ": "
                    + e.getMessage());
            return Main.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILED;
        }
    }
}
