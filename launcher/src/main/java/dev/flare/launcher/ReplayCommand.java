package dev.flare.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code flare replay}: asks the API to replay one subscription, then shows how many partitions have gone through it
 * as a progress bar until all have.
 */
final class ReplayCommand {

    static final String DEFAULT_API = "http://127.0.0.1:8080";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration GIVE_UP = Duration.ofMinutes(30);
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Map<String, String> flags) {
        String resource = flags.get("replay.resource");
        String subscription = flags.get("replay.subscription");
        String reset = flags.getOrDefault("replay.reset", "false");
        if (resource == null || subscription == null || !(reset.equals("true") || reset.equals("false"))) {
            err.println("flare: replay needs --resource ID --subscription ID, and --reset true or false");
            return Main.USAGE;
        }
        String base = flags.getOrDefault("replay.api", DEFAULT_API).replaceAll("/+$", "") + "/resources/" + resource
                + "/subscriptions/" + subscription + "/replay";
        ObjectNode body = Json.mapper().createObjectNode();
        String from = flags.get("replay.from");
        if (from == null) {
            body.putNull("from");
        } else {
            body.put("from", from);
        }
        body.put("reset", Boolean.parseBoolean(reset));
        try {
            HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
            if (started.statusCode() != 202) {
                err.println("flare: the API refused the replay (" + started.statusCode() + "): " + started.body());
                return Main.FAILED;
            }
            String at = Json.mapper().readTree(started.body()).path("at").asText();
            return follow(base + "?at=" + URLEncoder.encode(at, StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("flare: cannot reach the API at " + base + ": " + e.getMessage());
            return Main.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILED;
        }
    }

    private int follow(String progressUrl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(URI.create(progressUrl)).GET());
            if (response.statusCode() == 200) {
                JsonNode progress = Json.mapper().readTree(response.body());
                int partitions = Math.max(1, progress.path("partitions").asInt());
                int done = Math.min(partitions, progress.path("done").asInt());
                out.print("\r" + bar(done, partitions) + " " + done + "/" + partitions + " partitions, "
                        + progress.path("documents").asLong() + " documents");
                out.flush();
                if (progress.path("complete").asBoolean()) {
                    out.println();
                    out.println("Replay done: every partition has sent what the subscriber lacked.");
                    return Main.OK;
                }
            }
            Thread.sleep(POLL);
        }
        out.println();
        err.println("flare: the replay did not finish within " + GIVE_UP.toMinutes() + " minutes; see " + progressUrl);
        return Main.FAILED;
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? 0 : done * BAR_WIDTH / total;
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
