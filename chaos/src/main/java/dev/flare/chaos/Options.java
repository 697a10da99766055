package dev.flare.chaos;

import dev.flare.chaos.internal.Profile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code ./flare chaos}; the soak length is null unless {@code --soak} was given. */
record Options(Profile profile, List<String> deployments, Path output, Duration soak) {

    static Options parse(List<String> args) {
        boolean quick = args.contains("--quick");
        Profile profile = quick ? Profile.quick() : Profile.standard();
        List<String> deployments = new ArrayList<>(ChaosMain.DEPLOYMENTS.keySet());
        Path output = Path.of("chaos", "results");
        Duration soak = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "--quick" -> {
                    // chosen above, before the options that adjust it
                }
                case "--rounds" -> profile = profile.withRounds(number(args, ++i));
                case "--documents" -> profile = profile.withDocuments(number(args, ++i));
                case "--rate" -> profile = profile.withRate(number(args, ++i));
                case "--only" -> deployments = List.of(deployment(args, ++i));
                case "--output" -> output = Path.of(value(args, ++i));
                case "--soak" -> soak = Duration.ofMinutes(number(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new Options(profile, deployments, output, soak);
    }

    private static String deployment(List<String> args, int i) {
        String name = value(args, i);
        if (!ChaosMain.DEPLOYMENTS.containsKey(name)) {
            throw new IllegalArgumentException("--only takes one of " + ChaosMain.DEPLOYMENTS.keySet());
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
