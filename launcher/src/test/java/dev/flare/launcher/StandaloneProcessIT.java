package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.launcher.receiver.EchoReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `flare up` as a user runs it: a separate JVM that gets ready, stops on SIGTERM, and keeps its state. */
class StandaloneProcessIT {

    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final Pattern TRANSACTION_WAIT = Pattern.compile(
            "unstable offsets|transaction marker|TransactionManager|TransactionCoordinator|StoreChangelogReader");
    private static final Pattern LISTENING = Pattern.compile("Flare is listening on (http://\\S+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private Path log;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /**
     * Starts {@code flare up} with its output in a file: a pipe the test stopped reading would fill and block the
     * child's logging, and the file is what a failed assertion shows.
     */
    private String up(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        log = Files.createTempFile("flare-up", ".log");
        process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-Dlog4j2.configurationFile=log4j2.xml,log4j2-standalone-process.xml",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "up",
                        "--port",
                        "0",
                        "--data-dir",
                        dataDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (true) {
            Matcher matcher = LISTENING.matcher(Files.readString(log));
            if (matcher.find()) {
                String api = matcher.group(1);
                assertThat(send("GET", api + "/health/ready", null).statusCode())
                        .isEqualTo(200);
                return api;
            }
            if (!process.isAlive()) {
                throw new AssertionError("flare up exited before listening; its output:%n%s".formatted(logTail()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("flare up listening within 150 s; its output:%n%s%n%s%n%s"
                        .formatted(logTail(), transactionWaits(), streamThreadStacks()));
            }
            Thread.sleep(100);
        }
    }

    /** The child's Kafka Streams and main threads, from the thread dump a JVM prints to its output on SIGQUIT. */
    private String streamThreadStacks() throws Exception {
        int logged = Files.readAllLines(log).size();
        new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(2_000);
        List<String> output = Files.readAllLines(log);
        List<String> dump = output.subList(logged, output.size());
        StringBuilder stacks = new StringBuilder("Its stream and main threads:\n");
        boolean keep = false;
        for (String line : dump) {
            if (line.startsWith("\"")) {
                keep = line.contains("StreamThread") || line.contains("StateUpdater") || line.startsWith("\"main\"");
            }
            if (keep) {
                stacks.append(line).append('\n');
            }
        }
        return stacks.toString();
    }

    /** The child's last lines on Kafka transactions and unstable offsets, which a stuck restart waits on. */
    private String transactionWaits() throws IOException {
        List<String> waits = Files.readAllLines(log).stream()
                .filter(line -> TRANSACTION_WAIT.matcher(line).find())
                .toList();
        return "Its last lines on transactions and unstable offsets:\n"
                + String.join("\n", waits.subList(Math.max(0, waits.size() - 30), waits.size()));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void stopWithSigterm() throws Exception {
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
                .as("flare up stops within 10 s of SIGTERM")
                .isTrue();
        process = null;
    }

    @Test
    void shouldStopOnSigtermAndKeepStateWhenStartedAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("flare-up");
        String api = up(dataDir);
        assertThat(send(
                                "POST",
                                api + "/resources",
                                "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"v\"}}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("PUT", api + "/documents/http://api.company.com/users/1", "{\"v\": 7}")
                        .statusCode())
                .isEqualTo(202);
        awaitDocument(api);

        stopWithSigterm();
        api = up(dataDir);

        assertThat(send("GET", api + "/resources", null).body()).contains("http://api.company.com/users/{id}");
        assertThat(send("GET", api + "/documents/http://api.company.com/users/1", null)
                        .body())
                .contains("\"revision\":7");
        stopWithSigterm();
    }

    @Test
    void shouldDeliverEveryLatestVersionInOrderWhenKilledWhileRetrying() throws Exception {
        List<Answered> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean failing = new AtomicBoolean(true);
        try (EchoReceiver receiver = EchoReceiver.start(0, null)) {
            receiver.answerWith(callback -> {
                int status = failing.get() ? 503 : 200;
                answers.add(new Answered(callback.path(), revisionOf(callback.body()), status));
                return status;
            });
            Path dataDir = Files.createTempDirectory("flare-kill");
            String api = up(dataDir);
            String resource = send(
                            "POST",
                            api + "/resources",
                            "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"v\"}}")
                    .body();
            String resourceId = resource.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            assertThat(send(
                                    "POST",
                                    api + "/resources/" + resourceId + "/subscriptions",
                                    "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/users/{id}\"}}"
                                            .formatted(receiver.port()))
                            .statusCode())
                    .isEqualTo(201);
            for (int version = 1; version <= 3; version++) {
                for (int user = 1; user <= DOCUMENTS; user++) {
                    assertThat(send(
                                            "PUT",
                                            api + "/documents/http://api.company.com/users/" + user,
                                            "{\"v\": " + version + "}")
                                    .statusCode())
                            .isEqualTo(202);
                }
            }
            // Note: after a few failures the subscription's circuit opens and the rest wait on retry tiers unsent;
            // either way every change is pending, not delivered, when the process dies.
            await("deliveries failing", () -> answers.size() >= 5, Duration.ofSeconds(30));

            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            failing.set(false);
            up(dataDir);

            await(
                    "version 3 of every document accepted",
                    () -> answers.stream()
                                    .filter(a -> a.status() == 200 && a.revision() == 3)
                                    .map(Answered::path)
                                    .distinct()
                                    .count()
                            == DOCUMENTS,
                    Duration.ofMinutes(2));
            stopWithSigterm();
        }
        for (String path : paths(answers)) {
            List<Answered> ofDocument =
                    answers.stream().filter(a -> a.path().equals(path)).toList();
            assertThat(ofDocument)
                    .as("callbacks of %s never go back to an older version", path)
                    .extracting(Answered::revision)
                    .isSorted();
            assertThat(ofDocument.stream().filter(a -> a.status() == 200))
                    .as("accepted versions of %s strictly increase", path)
                    .extracting(Answered::revision)
                    .doesNotHaveDuplicates()
                    .isSorted();
        }
    }

    private static final int DOCUMENTS = 20;

    /** One callback as the receiver answered it. */
    private record Answered(String path, long revision, int status) {}

    private static Set<String> paths(List<Answered> answers) {
        return answers.stream().map(Answered::path).collect(Collectors.toCollection(TreeSet::new));
    }

    private static long revisionOf(String body) {
        Matcher matcher = REVISION.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "%s within %s s; the output of flare up:%n%s".formatted(what, timeout.toSeconds(), logTail()));
            }
            Thread.sleep(100);
        }
    }

    private void awaitDocument(String api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (send("GET", api + "/documents/http://api.company.com/users/1", null)
                        .statusCode()
                != 200) {
            assertThat(System.nanoTime()).as("document visible within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
