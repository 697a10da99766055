package dev.flare.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;

/**
 * Each benchmark's score next to its reference: the benchmark of the same class and parameters whose method name
 * starts with {@code reference}, measured in the same run.
 */
public final class RatioTable {

    static final String REFERENCE_PREFIX = "reference";
    /** Above this error ÷ score a result is flagged as unstable. */
    static final double UNSTABLE = 0.5;

    /**
     * One benchmark's result.
     *
     * @param group the benchmark class, without its package
     * @param params its JMH parameters, {@code name=value} joined by commas, empty when it has none
     * @param benchmark the benchmark method
     * @param score average time per operation, in {@code unit}
     * @param error half-width of the 99.9 % confidence interval, NaN when JMH could not compute it
     * @param unit e.g. {@code ns/op}
     * @param reference the reference's method name
     * @param ratio {@code score} ÷ the reference's score
     */
    public record Row(
            String group,
            String params,
            String benchmark,
            double score,
            double error,
            String unit,
            String reference,
            double ratio) {

        /** Whether the 99.9 % interval is wider than half the score either way (or unknown): too noisy to trust. */
        public boolean unstable() {
            return !(error / score <= UNSTABLE);
        }
    }

    private record Key(String group, String params) {}

    private RatioTable() {}

    /** The rows of {@code results}, grouped by class and parameters, the reference first in each group. */
    public static List<Row> of(Collection<RunResult> results) {
        Map<Key, List<RunResult>> groups = results.stream()
                .collect(Collectors.groupingBy(
                        r -> new Key(group(r), params(r)),
                        () -> new TreeMap<>(Comparator.comparing(Key::group).thenComparing(Key::params)),
                        Collectors.toList()));
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, members) -> {
            Optional<RunResult> reference = members.stream()
                    .filter(r -> method(r).startsWith(REFERENCE_PREFIX))
                    .findFirst();
            double referenceScore = reference.map(RatioTable::score).orElse(Double.NaN);
            String referenceName = reference.map(RatioTable::method).orElse("");
            members.stream()
                    .sorted(Comparator.comparing((RunResult r) -> !method(r).startsWith(REFERENCE_PREFIX))
                            .thenComparing(RatioTable::method))
                    .forEach(r -> rows.add(new Row(
                            key.group(),
                            key.params(),
                            method(r),
                            score(r),
                            r.getPrimaryResult().getScoreError(),
                            r.getPrimaryResult().getScoreUnit(),
                            referenceName,
                            score(r) / referenceScore)));
        });
        return rows;
    }

    /** A fixed-width table for the terminal. */
    public static String text(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        String format = "%-26s %-16s %-24s %16s %10s %9s%n";
        out.append(String.format(Locale.ROOT, format, "Class", "Params", "Benchmark", "Score", "± 99.9 %", "Ratio"));
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    format,
                    row.group(),
                    row.params(),
                    row.benchmark(),
                    number(row.score()) + " " + row.unit(),
                    number(row.error()),
                    ratio(row.ratio()) + (row.unstable() ? " ⚠" : "")));
        }
        return out.toString();
    }

    /** A Markdown table, ⚠ marking results whose error is more than half their score. */
    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| Class | Params | Benchmark | Score | ± 99.9 % | Reference | Ratio to reference |\n");
        md.append("|---|---|---|---:|---:|---|---:|\n");
        for (Row row : rows) {
            md.append("| ").append(row.group());
            md.append(" | ").append(row.params().isEmpty() ? "" : "`" + row.params() + "`");
            md.append(" | `").append(row.benchmark()).append('`');
            md.append(" | ").append(number(row.score())).append(' ').append(row.unit());
            md.append(" | ").append(number(row.error())).append(row.unstable() ? " ⚠" : "");
            md.append(" | `").append(row.reference()).append('`');
            md.append(" | ").append(ratio(row.ratio())).append(" |\n");
        }
        return md.toString();
    }

    private static String group(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        String type = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String method(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    private static String params(RunResult result) {
        return result.getParams().getParamsKeys().stream()
                .map(name -> name + "=" + result.getParams().getParam(name))
                .collect(Collectors.joining(","));
    }

    private static double score(RunResult result) {
        return result.getPrimaryResult().getScore();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }
}
