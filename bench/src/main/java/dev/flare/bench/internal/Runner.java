package dev.flare.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the limits and the scenarios, each repetition in alternating order, either all in this JVM (one Flare per
 * processing guarantee) or each run in a fresh JVM of its own that writes its result to a file.
 */
public final class Runner {

    /** Heap and collector every forked run gets, stated explicitly so runs compare. */
    public static final List<String> CHILD_JVM_OPTIONS = List.of(
            "-Xms2g",
            "-Xmx2g",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dsun.net.httpserver.nodelay=true",
            "-Djava.awt.headless=true",
            "--enable-native-access=ALL-UNNAMED");

    public static final String LIMITS = "limits";

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    private static final long CHILD_TIMEOUT_MINUTES = 30;

    private final Scale scale;
    private final Path runsDir;
    private final Map<String, String> flareSettings;

    /**
     * A runner of {@code scale}'s units that writes each run's file under {@code runsDir} and starts every Flare with
     * {@code flareSettings} over the bench's own.
     */
    public Runner(Scale scale, Path runsDir, Map<String, String> flareSettings) {
        this.scale = scale;
        this.runsDir = runsDir;
        this.flareSettings = Map.copyOf(flareSettings);
    }

    /** The units of repetition {@code rep} (1-based): the limits, then the scenarios, reversed on even ones. */
    public static List<String> order(List<String> scenarios, int rep) {
        List<String> units = new ArrayList<>();
        units.add(LIMITS);
        units.addAll(scenarios);
        return rep % 2 == 1 ? units : units.reversed();
    }

    /** Runs every unit in this JVM and returns the runs per unit (one per repetition). */
    public Map<String, List<JsonNode>> inProcess(List<String> scenarios, int repetitions) throws Exception {
        Map<String, List<JsonNode>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            List<String> units = new ArrayList<>(order(scenarios, rep));
            // Note: grouping by guarantee keeps to one Flare start per guarantee; the order within alternates.
            units.sort((a, b) -> Boolean.compare(
                    "at_least_once".equals(Scenarios.guarantee(a)), "at_least_once".equals(Scenarios.guarantee(b))));
            Session session = null;
            try {
                for (String unit : units) {
                    String guarantee = Scenarios.guarantee(unit);
                    if (session == null || !session.flare().guarantee().equals(guarantee)) {
                        if (session != null) {
                            session.close();
                        }
                        session = Session.start(guarantee, flareSettings);
                    }
                    JsonNode result = runOne(unit, session, rep);
                    runs.computeIfAbsent(unit, u -> new ArrayList<>()).add(result);
                }
            } finally {
                if (session != null) {
                    session.close();
                }
            }
        }
        return runs;
    }

    /** Runs every unit in a fresh JVM of its own and returns the runs per unit. */
    public Map<String, List<JsonNode>> forked(List<String> scenarios, int repetitions)
            throws IOException, InterruptedException {
        Files.createDirectories(runsDir);
        Map<String, List<JsonNode>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            for (String unit : order(scenarios, rep)) {
                Path file = runFile(unit, rep);
                Files.deleteIfExists(file);
                List<String> command = new ArrayList<>();
                command.add(ProcessHandle.current().info().command().orElse("java"));
                command.addAll(CHILD_JVM_OPTIONS);
                if (Runtime.version().feature() >= 23) {
                    command.add("--sun-misc-unsafe-memory-access=allow");
                }
                command.addAll(List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.flare.bench.BenchMain",
                        "--child",
                        "--scale",
                        scale.name(),
                        "--scenario",
                        unit,
                        "--repetition",
                        Integer.toString(rep),
                        "--out",
                        runsDir.toString()));
                flareSettings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
                LOG.info("Repetition {}: {} in a fresh JVM", rep, unit);
                Process process = new ProcessBuilder(command).inheritIO().start();
                if (!process.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(unit + " did not finish within " + CHILD_TIMEOUT_MINUTES + " min");
                }
                if (process.exitValue() != 0 || !Files.exists(file)) {
                    throw new IllegalStateException(
                            unit + " (repetition " + rep + ") failed with exit code " + process.exitValue());
                }
                runs.computeIfAbsent(unit, u -> new ArrayList<>()).add(MAPPER.readTree(file.toFile()));
            }
        }
        return runs;
    }

    /** In a forked child: runs {@code unit} on a fresh Flare and writes its result file. */
    public void child(String unit, int rep) throws Exception {
        Files.createDirectories(runsDir);
        try (Session session = Session.start(Scenarios.guarantee(unit), flareSettings)) {
            JsonNode result = runOne(unit, session, rep);
            MAPPER.writeValue(runFile(unit, rep).toFile(), result);
        }
    }

    private Path runFile(String unit, int rep) {
        return runsDir.resolve(unit + "-rep" + rep + ".json");
    }

    private JsonNode runOne(String unit, Session session, int rep) throws Exception {
        LOG.info(
                "Repetition {}: running {} ({} scale, {})",
                rep,
                unit,
                scale.name(),
                session.flare().guarantee());
        long started = System.currentTimeMillis();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", unit);
        result.put("repetition", rep);
        result.put("guarantee", session.flare().guarantee());
        result.put("startedAtEpochMillis", started);
        result.put("pid", ProcessHandle.current().pid());
        result.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        result.put("flareSettings", new TreeMap<>(flareSettings));
        result.put("loadAverageBefore", Environment.loadAverage());
        if (unit.equals(LIMITS)) {
            result.putAll(limits(session));
        } else {
            Map<String, Long> countersBefore = session.flare().deliveryCounters();
            result.putAll(Scenarios.run(unit, session, scale));
            result.put(
                    "flareCounters",
                    DeliveryCounters.delta(countersBefore, session.flare().deliveryCounters()));
        }
        result.put("loadAverageAfter", Environment.loadAverage());
        return MAPPER.valueToTree(result);
    }

    /** A stage's warm-up: {@code round} (of {@code perRound} operations) until the JIT has settled over one. */
    private Map<String, Object> stageWarmUp(Callable<?> round, long perRound) throws Exception {
        return WarmUp.rounds(
                        number -> {
                            round.call();
                            return perRound;
                        },
                        scale)
                .toMap();
    }

    /**
     * The size of a round of the warm-up a stage limit runs first (the batch scenarios warm up with rounds of their
     * own size): a fresh JVM compiles the broker, Flare, the load generator and the receiver while the first
     * thousands of requests run, and a short stage would otherwise measure that.
     */
    private static int warmUpShare(int size) {
        return Math.max(10, size / 4);
    }

    private Map<String, Object> limits(Session session) throws Exception {
        String bootstrap = session.flare().bootstrapServers();
        int partitions = session.flare().context().config().getInt("flare.topic.partitions");
        Map<String, Object> limits = new LinkedHashMap<>();
        long requestsWarmUp = warmUpShare(Math.toIntExact(scale.limitRequests()));
        long recordsWarmUp = warmUpShare(Math.toIntExact(scale.limitRecords()));
        Limits.HttpInResult httpIn = Limits.rawHttpIn(scale, Scenarios.CLOSED_LOOP_CONCURRENCY);
        limits.put("httpIn", httpIn.perSecond());
        Map<String, Object> warmUps = new LinkedHashMap<>();
        warmUps.put("httpIn", httpIn.warmUp().toMap());
        warmUps.put(
                "producer", stageWarmUp(() -> Limits.rawProducer(bootstrap, partitions, recordsWarmUp), recordsWarmUp));
        limits.put("producer", Limits.rawProducer(bootstrap, partitions, scale.limitRecords()));
        warmUps.put(
                "streamsGuard",
                stageWarmUp(
                        () -> Limits.streamsGuard(bootstrap, partitions, recordsWarmUp, "exactly_once_v2"),
                        recordsWarmUp));
        limits.put(
                "streamsGuardExactlyOnceV2",
                Limits.streamsGuard(bootstrap, partitions, scale.limitRecords(), "exactly_once_v2"));
        limits.put(
                "streamsGuardAtLeastOnce",
                Limits.streamsGuard(bootstrap, partitions, scale.limitRecords(), "at_least_once"));
        warmUps.put(
                "httpOut",
                stageWarmUp(() -> Limits.rawHttpOut(session.receiver(), requestsWarmUp, 64), requestsWarmUp));
        limits.put("httpOut", Limits.rawHttpOut(session.receiver(), scale.limitRequests(), 64));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("limits", limits);
        result.put(
                "warmUp",
                "httpIn: until the JIT settled, then " + scale.measureSeconds()
                        + " s measured (as dedupe); every other stage: rounds of a quarter of its load until the JIT"
                        + " settled over one (the at_least_once guard runs the same code right after the"
                        + " exactly_once_v2 one)");
        result.put("stageWarmUps", warmUps);
        result.put("httpInFailed", httpIn.failed());
        result.put("partitions", partitions);
        result.put("recordBytes", Documents.SIZE);
        return result;
    }
}
