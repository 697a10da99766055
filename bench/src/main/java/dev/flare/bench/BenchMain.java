package dev.flare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.bench.internal.Environment;
import dev.flare.bench.internal.Report;
import dev.flare.bench.internal.Runner;
import dev.flare.bench.jmh.JmhSettings;
import dev.flare.bench.jmh.MicroBenchmarks;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./flare bench}: measures the stage limits and runs the scenarios against standalone Flare on this machine,
 * then writes {@code <out>/<scenario>.json}, charts and the generated block of the performance report. With
 * {@code --jmh} it runs the JMH micro-benchmarks instead ({@link MicroBenchmarks}).
 */
public final class BenchMain {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("flare bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        String command = "./flare bench " + String.join(" ", args);
        try {
            if (options.jmh()) {
                MicroBenchmarks.run(JmhSettings.forScale(options.scale()), options.out(), options.doc(), command);
            } else {
                run(options, command);
            }
        } catch (Exception e) {
            // Note: Flare's and the broker's threads would keep a failed run's JVM alive, idle, until the parent's
            // timeout; a failed run exits now.
            LOG.error("flare bench failed", e);
            System.exit(1);
        }
    }

    /** Runs the bench as {@code options} say and returns the results per scenario (none in a child run). */
    public static Map<String, ObjectNode> run(BenchOptions options, String command) throws Exception {
        // Note: a forked child is given the parent's runs directory as its --out.
        Runner runner = new Runner(
                options.scale(),
                options.child() ? options.out() : options.out().resolve("runs"),
                options.flareSettings());
        if (options.child()) {
            runner.child(
                    options.scenarios().isEmpty()
                            ? Runner.LIMITS
                            : options.scenarios().getFirst(),
                    options.repetition());
            return Map.of();
        }
        Map<String, Object> environment = Environment.describe();
        Map<String, List<JsonNode>> runs = options.fork()
                ? runner.forked(options.scenarios(), options.repetitions())
                : runner.inProcess(options.scenarios(), options.repetitions());
        Report report = new Report(options.out(), options.scale(), options.repetitions(), options.fork(), environment);
        Map<String, ObjectNode> results = report.write(runs);
        if (options.doc() != null) {
            report.markdown(options.doc(), results, command);
        }
        results.forEach((name, result) -> LOG.info(
                "{}: {} = {} (ratio to pipeline limit {}, spread {}){}",
                name,
                result.path("primaryName").asText(),
                result.path("median").asDouble(),
                result.path("ratios").path("ratioToPipelineLimit").asDouble(),
                result.path("variation").asDouble(),
                result.path("variationFlag").asBoolean() ? " UNSTABLE" : ""));
        return results;
    }
}
