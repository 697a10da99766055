package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker killed with SIGKILL while transactions commit, as a crashed `flare up` is. */
class EmbeddedKafkaCrashIT {

    private static final Pattern READY = Pattern.compile("(?m)^ready (\\S+)$");
    private static final String DROPPED_MARKERS = "Couldn't find leader endpoint";
    private static final String COORDINATOR_DEPOSED = "Unloaded transaction metadata";
    private static final int CRASHES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    private final List<Path> logs = new ArrayList<>();
    private Process child;

    @AfterEach
    void kill() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldLeaveNoTransactionOpenWhenRestartedAfterBeingKilledWhileCommitting() throws Exception {
        for (int crash = 0; crash < CRASHES; crash++) {
            start("transact");
            Thread.sleep(1_000 + 500L * crash);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        String bootstrapServers = start("idle");

        Map<TopicPartition, String> open = awaitNoOpenTransaction(bootstrapServers);
        assertThat(open)
                .as("partitions whose last stable offset stays behind their end (a transaction left open)")
                .isEmpty();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log);
            assertThat(lines)
                    .as("the transaction coordinator never drops the markers of a transaction (%s)", log)
                    .noneMatch(line -> line.contains(DROPPED_MARKERS));
            assertThat(lines)
                    .as(
                            "a restarted broker never coordinates transactions on the leadership of the run that was"
                                    + " killed, which it loses once that run is fenced (%s)",
                            log)
                    .noneMatch(line -> line.contains(COORDINATOR_DEPOSED));
        }
    }

    private String start(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = workDir.resolve("broker-" + logs.size() + ".log");
        logs.add(log);
        child = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-Dlog4j2.configurationFile=log4j2.xml,log4j2-standalone-process.xml",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TransactionsUntilKilled.class.getName(),
                        workDir.resolve("data").toString(),
                        mode))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                return ready.group(1);
            }
            assertThat(child.isAlive())
                    .as("the broker child runs; its output:%n%s", Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime() - deadline)
                    .as("the broker child ready within %s; its output:%n%s", TIMEOUT, Files.readString(log))
                    .isNegative();
            Thread.sleep(100);
        }
    }

    /** Partitions still showing an open transaction once {@link #TIMEOUT} has passed, with their offsets. */
    private static Map<TopicPartition, String> awaitNoOpenTransaction(String bootstrapServers) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        IntStream.range(0, TransactionsUntilKilled.PARTITIONS)
                .forEach(partition ->
                        ends.put(new TopicPartition(TransactionsUntilKilled.TOPIC, partition), OffsetSpec.latest()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            while (true) {
                var stable = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                var end = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                Map<TopicPartition, String> open = new HashMap<>();
                end.forEach((partition, offset) -> {
                    long stableOffset = stable.get(partition).offset();
                    if (stableOffset != offset.offset()) {
                        open.put(partition, "last stable " + stableOffset + ", end " + offset.offset());
                    }
                });
                if (open.isEmpty() || System.nanoTime() - deadline > 0) {
                    return open;
                }
                Thread.sleep(200);
            }
        }
    }
}
