package dev.flare.bench.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline limit of a scenario from the stage limits: {@code 1 / Σ(kᵢ / Lᵢ)} changes per second, where kᵢ is how
 * many times one change passes stage i and Lᵢ the stage's measured operations per second; and the tightest single
 * stage, {@code min(Lᵢ / kᵢ)}.
 */
public final class Pipeline {

    private Pipeline() {}

    /** The stage limit names a scenario at {@code guarantee} uses, by pass name. */
    static Map<String, String> stages(String guarantee) {
        Map<String, String> stages = new LinkedHashMap<>();
        stages.put("httpIn", "httpIn");
        stages.put("producer", "producer");
        stages.put(
                "streamsGuard",
                "at_least_once".equals(guarantee) ? "streamsGuardAtLeastOnce" : "streamsGuardExactlyOnceV2");
        stages.put("httpOut", "httpOut");
        return stages;
    }

    /**
     * @param passes passes of one change per stage
     * @param limits measured operations per second per stage
     * @param achieved the scenario's rate in changes per second
     */
    public static Map<String, Object> ratios(
            Map<String, Double> passes, Map<String, Double> limits, String guarantee, double achieved) {
        double inverse = 0;
        String tightest = null;
        double tightestRate = Double.POSITIVE_INFINITY;
        Map<String, Double> perStage = new LinkedHashMap<>();
        for (Map.Entry<String, String> stage : stages(guarantee).entrySet()) {
            double k = passes.getOrDefault(stage.getKey(), 0.0);
            Double limit = limits.get(stage.getValue());
            if (k <= 0 || limit == null || limit <= 0) {
                continue;
            }
            inverse += k / limit;
            perStage.put(stage.getValue(), limit / k);
            if (limit / k < tightestRate) {
                tightestRate = limit / k;
                tightest = stage.getValue();
            }
        }
        Map<String, Object> ratios = new LinkedHashMap<>();
        double pipeline = inverse == 0 ? Double.NaN : 1 / inverse;
        ratios.put("achievedChangesPerSecond", achieved);
        ratios.put("stageLimitsInChangesPerSecond", perStage);
        ratios.put("pipelineLimitChangesPerSecond", pipeline);
        ratios.put("tightestStage", tightest);
        ratios.put("tightestStageChangesPerSecond", tightestRate);
        ratios.put("ratioToPipelineLimit", achieved / pipeline);
        ratios.put("ratioToTightestStage", achieved / tightestRate);
        return ratios;
    }
}
