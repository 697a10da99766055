package dev.flare.launcher;

import dev.flare.launcher.internal.CommandLine;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.roles.ConfigReference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The launcher's helper commands: the demo receiver and the configuration reference. */
final class Tools {

    private static final int DEFAULT_RECEIVER_PORT = 9000;

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
}
