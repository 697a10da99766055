package dev.flare.chaos;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flare.chaos.internal.ChaosRun;
import dev.flare.chaos.internal.ClusterDeployment;
import dev.flare.chaos.internal.Deployment;
import dev.flare.chaos.internal.Profile;
import dev.flare.chaos.internal.RunReport;
import dev.flare.chaos.internal.Soak;
import dev.flare.chaos.internal.SoakReport;
import dev.flare.chaos.internal.StandaloneDeployment;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ./flare chaos}: fault injection under steady load, on separate role processes and on standalone Flare,
 * with the checker's figures per run. Exits 1 when anything was lost or delivered out of order.
 */
public final class ChaosMain {

    static final String USAGE = """
            Usage: flare chaos [--quick] [--rounds N] [--documents N] [--rate N] [--only cluster|standalone]
                               [--output DIR]
                   flare chaos --soak MINUTES [--output DIR]
              --quick        the short version CI runs (200 documents, 25 writes/s, one round of faults)
              --rounds N     rounds of faults (default 2)
              --documents N  documents written (default 1000)
              --rate N       writes per second (default 150)
              --only NAME    run only the cluster (separate processes) or the standalone deployment
              --output DIR   where the JSON reports go (default chaos/results)
              --soak MINUTES steady load on standalone Flare, no faults, sampling heap, RSS, threads and
                             open files every 15 s (writes soak.json)
            """;

    static final Map<String, Function<Path, Deployment>> DEPLOYMENTS = new LinkedHashMap<>();

    static {
        DEPLOYMENTS.put("cluster", ClusterDeployment::new);
        DEPLOYMENTS.put("standalone", StandaloneDeployment::new);
    }

    private ChaosMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("flare chaos: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (options.soak() != null) {
            Path work = Files.createTempDirectory("flare-chaos-soak");
            System.out.println("chaos: soak for " + options.soak() + ", logs under " + work);
            SoakReport report = new Soak(work, options.soak()).run();
            System.out.print(report.summary());
            Files.createDirectories(options.output());
            write(report, options.output().resolve("soak.json"));
            return report.run().passed() ? 0 : 1;
        }
        boolean passed = true;
        for (RunReport report : runAll(options.profile(), options.deployments(), options.output())) {
            passed &= report.passed();
        }
        return passed ? 0 : 1;
    }

    /** Runs the named deployments one after the other; prints and writes each report to {@code output}. */
    public static List<RunReport> runAll(Profile profile, List<String> deployments, Path output) throws Exception {
        Files.createDirectories(output);
        Path work = Files.createTempDirectory("flare-chaos");
        System.out.println("chaos: processes' logs under " + work);
        List<RunReport> reports = new ArrayList<>();
        for (String name : deployments) {
            Path runDir = Files.createDirectories(work.resolve(name));
            RunReport report = new ChaosRun(DEPLOYMENTS.get(name).apply(runDir), profile).run();
            System.out.print(report.summary());
            write(report, output.resolve(name + ".json"));
            reports.add(report);
        }
        return reports;
    }

    private static void write(Object report, Path file) throws IOException {
        Files.writeString(
                file,
                Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
    }
}
