package dev.flare.chaos;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flare.chaos.internal.ChaosRun;
import dev.flare.chaos.internal.ClusterDeployment;
import dev.flare.chaos.internal.Deployment;
import dev.flare.chaos.internal.Profile;
import dev.flare.chaos.internal.RunReport;
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
              --quick        the short version CI runs (200 documents, 25 writes/s, one round of faults)
              --rounds N     rounds of faults (default 2)
              --documents N  documents written (default 1000)
              --rate N       writes per second (default 150)
              --only NAME    run only the cluster (separate processes) or the standalone deployment
              --output DIR   where the JSON reports go (default chaos/results)
            """;

    private static final Map<String, Function<Path, Deployment>> DEPLOYMENTS = new LinkedHashMap<>();

    static {
        DEPLOYMENTS.put("cluster", ClusterDeployment::new);
        DEPLOYMENTS.put("standalone", StandaloneDeployment::new);
    }

    private ChaosMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) throws Exception {
        Profile profile = Profile.standard();
        List<String> only = new ArrayList<>(DEPLOYMENTS.keySet());
        Path output = Path.of("chaos", "results");
        try {
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                switch (option) {
                    case "--quick" -> profile = Profile.quick();
                    case "--rounds" -> profile = withRounds(profile, number(args, ++i));
                    case "--documents" -> profile = withDocuments(profile, number(args, ++i));
                    case "--rate" -> profile = withRate(profile, number(args, ++i));
                    case "--only" -> only = List.of(deployment(args, ++i));
                    case "--output" -> output = Path.of(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("flare chaos: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        boolean passed = true;
        for (RunReport report : runAll(profile, only, output)) {
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

    private static void write(RunReport report, Path file) throws IOException {
        Files.writeString(
                file,
                Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
    }

    private static Profile withRounds(Profile p, int rounds) {
        return new Profile(p.documents(), p.writesPerSecond(), rounds, p.betweenFaults(), p.catchUpLimit());
    }

    private static Profile withDocuments(Profile p, int documents) {
        return new Profile(documents, p.writesPerSecond(), p.rounds(), p.betweenFaults(), p.catchUpLimit());
    }

    private static Profile withRate(Profile p, int rate) {
        return new Profile(p.documents(), rate, p.rounds(), p.betweenFaults(), p.catchUpLimit());
    }

    private static String deployment(List<String> args, int i) {
        String name = value(args, i);
        if (!DEPLOYMENTS.containsKey(name)) {
            throw new IllegalArgumentException("--only takes one of " + DEPLOYMENTS.keySet());
        }
        return name;
    }

    private static int number(List<String> args, int i) {
        try {
            int n = Integer.parseInt(value(args, i));
            if (n < 1 || n > 1_000_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args.get(i - 1) + " takes a whole number from 1 to 1000000");
        }
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        }
        return args.get(i);
    }
}
