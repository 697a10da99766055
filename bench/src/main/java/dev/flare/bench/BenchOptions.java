package dev.flare.bench;

import dev.flare.bench.internal.Scale;
import dev.flare.bench.internal.Scenarios;
import dev.flare.launcher.roles.ConfigReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of {@code ./flare bench}.
 *
 * @param scale how big the scenarios are
 * @param scenarios which to run ({@code limits} is always measured as well)
 * @param repetitions runs of each scenario, the order alternating between repetitions
 * @param fork whether each run gets a fresh JVM
 * @param out directory of the JSON results and charts
 * @param doc the Markdown report to write, or null
 * @param child internal: this JVM runs one scenario for a forking parent
 * @param repetition internal: which repetition a child runs
 * @param jmh run the JMH micro-benchmarks instead of the scenarios (with {@code --quick}: shorter iterations)
 * @param flareSettings Flare settings every run starts Flare with, over the bench's own ({@code --set})
 */
public record BenchOptions(
        Scale scale,
        List<String> scenarios,
        int repetitions,
        boolean fork,
        Path out,
        Path doc,
        boolean child,
        int repetition,
        boolean jmh,
        Map<String, String> flareSettings) {

    static final String USAGE = """
            Usage: flare bench [--quick | --full] [--scenario NAME[,NAME...]] [--reps N] [--fork | --no-fork]
                               [--set flare.KEY=VALUE]... [--out DIR] [--doc FILE | --no-doc]
                   flare bench --jmh [--quick | --full] [--out DIR] [--doc FILE | --no-doc]

              --quick        seconds-long smoke scale (one repetition, one JVM)
              --full         the issue's full scale (60 s latency run, 1,000-subscription fan-out)
              --scenario     limits, %s (default: all)
              --reps N       repetitions, alternating order (default 3; 1 with --quick)
              --no-fork      run everything in this JVM (default with --quick)
              --set K=V      start Flare with this setting (a flare.* key, as in docs/configuration.md) in every
                             run, over the bench's own; repeatable
              --out DIR      results directory (default bench/results)
              --doc FILE     report to write (default docs/performance.md)
              --jmh          JMH micro-benchmarks of the per-record hot paths instead of the scenarios, each with
                             its ratio to a reference measured in the same run; writes DIR/jmh.json
                             (1 fork, warm-up 3 x 1 s, measurement 5 x 1 s; --quick: 200 ms iterations; --full: 3 forks)
            """.formatted(String.join(", ", Scenarios.ALL));

    /** Parses the command line; throws {@link IllegalArgumentException} with the usage on a bad option. */
    public static BenchOptions parse(String... args) {
        Parsed parsed = new Parsed();
        for (int i = 0; i < args.length; i++) {
            i = parsed.option(args, i);
        }
        return parsed.build();
    }

    private static final class Parsed {
        private Scale scale = Scale.DEFAULT;
        private final List<String> scenarios = new ArrayList<>();
        private Integer reps;
        private Boolean fork;
        private Path out = Path.of("bench", "results");
        private Path doc = Path.of("docs", "performance.md");
        private boolean child;
        private int repetition = 1;
        private boolean jmh;
        private final Map<String, String> flareSettings = new LinkedHashMap<>();

        /** Applies the option at {@code i} and returns the index of the last argument it used. */
        int option(String[] args, int i) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> scale = Scale.QUICK;
                case "--full" -> scale = Scale.FULL;
                case "--scale" -> scale = Scale.named(value(args, i + 1, arg));
                case "--scenario" ->
                    scenarios.addAll(Arrays.asList(value(args, i + 1, arg).split(",", -1)));
                case "--reps" -> reps = positive(value(args, i + 1, arg), arg);
                case "--fork" -> fork = true;
                case "--no-fork" -> fork = false;
                case "--out" -> out = Path.of(value(args, i + 1, arg));
                case "--doc" -> doc = Path.of(value(args, i + 1, arg));
                case "--no-doc" -> doc = null;
                case "--child" -> child = true;
                case "--repetition" -> repetition = positive(value(args, i + 1, arg), arg);
                case "--jmh" -> jmh = true;
                case "--set" -> setting(value(args, i + 1, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
            return TAKES_VALUE.contains(arg) ? i + 1 : i;
        }

        private void setting(String assignment) {
            int equals = assignment.indexOf('=');
            if (!assignment.startsWith("flare.") || equals < 0) {
                throw new IllegalArgumentException(
                        "--set needs a Flare setting as flare.KEY=VALUE, not " + assignment + "\n" + USAGE);
            }
            String key = assignment.substring(0, equals);
            if (!ConfigReference.names().contains(key)) {
                throw new IllegalArgumentException(
                        "--set: " + key + " is not a Flare setting; docs/configuration.md lists them");
            }
            flareSettings.put(key, assignment.substring(equals + 1));
        }

        BenchOptions build() {
            for (String scenario : scenarios) {
                if (!scenario.equals("limits") && !Scenarios.ALL.contains(scenario)) {
                    throw new IllegalArgumentException("Unknown scenario " + scenario + "\n" + USAGE);
                }
            }
            boolean given = !scenarios.isEmpty();
            scenarios.removeIf("limits"::equals);
            if (!given) {
                scenarios.addAll(Scenarios.ALL);
            }
            boolean quick = scale.equals(Scale.QUICK);
            return new BenchOptions(
                    scale,
                    List.copyOf(scenarios),
                    reps != null ? reps : quick ? 1 : 3,
                    fork != null ? fork : !quick,
                    out,
                    doc,
                    child,
                    repetition,
                    jmh,
                    Map.copyOf(flareSettings));
        }
    }

    private static final List<String> TAKES_VALUE =
            List.of("--scale", "--scenario", "--reps", "--out", "--doc", "--repetition", "--set");

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least 1, not " + value + "\n" + USAGE);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
