package dev.flare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.bench.jmh.JmhSettings;
import dev.flare.bench.jmh.MicroBenchmarks;
import dev.flare.bench.jmh.RatioTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark at its smallest scale, to show the harness still works end to end: every scenario produces a result
 * file in which every change reached its subscribers and the ratios to the measured limits are computed; every JMH
 * micro-benchmark runs once, briefly, in this JVM and gets a ratio to its reference. It checks nothing about speed.
 */
class BenchSmokeIT {

    @TempDir
    Path out;

    @Test
    void shouldDeliverEveryChangeAndComputeRatiosWhenRunAtQuickScale() throws Exception {
        Path doc = out.resolve("performance.md");
        BenchOptions options = BenchOptions.parse(
                "--quick",
                "--no-fork",
                "--scenario",
                "throughput,latency,dedupe,fanout,isolation,conflation",
                "--out",
                out.toString(),
                "--doc",
                doc.toString());

        Map<String, ObjectNode> results = BenchMain.run(options, "smoke");

        assertThat(results).containsOnlyKeys("throughput", "latency", "dedupe", "fanout", "isolation", "conflation");
        for (Map.Entry<String, ObjectNode> entry : results.entrySet()) {
            JsonNode result = entry.getValue();
            assertThat(result.path("targets").get(0).path("met").asBoolean())
                    .as("%s: every change delivered and none out of order: %s", entry.getKey(), result.path("targets"))
                    .isTrue();
            assertThat(result.path("ratios").path("ratioToPipelineLimit").asDouble())
                    .as("%s ratio to the pipeline limit", entry.getKey())
                    .isPositive()
                    .isFinite();
            assertThat(result.path("ratios").path("ratioToTightestStage").asDouble())
                    .isPositive()
                    .isFinite();
            assertThat(out.resolve(entry.getKey() + ".json")).exists();
        }
        JsonNode warmUp = results.get("latency").path("medianRun").path("warmUp");
        assertThat(warmUp.path("sent").asLong())
                .as("the warm-up sends load for at least its fixed part: %s", warmUp)
                .isGreaterThanOrEqualTo(100);
        assertThat(warmUp.path("keptUp").isBoolean()).isTrue();
        assertThat(warmUp.path("jitSettled").isBoolean())
                .as("the warm-up says whether the JIT had settled: %s", warmUp)
                .isTrue();
        JsonNode cpu = results.get("throughput").path("medianRun").path("cpu");
        assertThat(cpu.path("byOsThreadFamilySeconds").size())
                .as("CPU per OS thread family: %s", cpu)
                .isPositive();
        assertThat(cpu.path("jitCompilationSeconds").isNumber()).isTrue();
        assertThat(cpu.path("outsideJavaThreadsCpuSeconds").isNumber()).isTrue();
        assertThat(warmUp.path("flareCounters")
                        .path("flare_ingest_documents_accepted_total.put")
                        .asLong())
                .as("Flare's counters over the warm-up count the PUTs it accepted: %s", warmUp)
                .isGreaterThanOrEqualTo(100);
        for (String batch : List.of("throughput", "fanout")) {
            JsonNode batchWarmUp = results.get(batch).path("medianRun").path("warmUp");
            JsonNode counters = batchWarmUp.path("flareCounters");
            // Note: a version that arrives after a newer one of its document, sent beside it, is answered as known.
            long accepted =
                    counters.path("flare_ingest_documents_accepted_total.put").asLong()
                            + counters.path("flare_ingest_documents_accepted_total.put-known")
                                    .asLong();
            assertThat(accepted)
                    .as("%s warms up in rounds whose every PUT Flare accepted: %s", batch, batchWarmUp)
                    .isEqualTo(batchWarmUp.path("sent").asLong())
                    .isPositive();
            assertThat(counters.path("flare_deliveries_total.delivered").asLong())
                    .as("%s's warm-up rounds are delivered: %s", batch, batchWarmUp)
                    .isPositive();
            assertThat(batchWarmUp.path("jitSettled").isBoolean()).isTrue();
        }
        JsonNode dedupe = results.get("dedupe").path("medianRun");
        assertThat(dedupe.path("warmUp").path("jitSettled").isBoolean())
                .as("dedupe is measured steady, after a warm-up: %s", dedupe.path("warmUp"))
                .isTrue();
        assertThat(dedupe.path("writtenToKafka").asLong())
                .as(
                        "the ingest API writes each new version and answers most repeats and older ones from memory "
                                + "(not those sent while the newer version's write was still in flight): %s",
                        dedupe)
                .isGreaterThanOrEqualTo(dedupe.path("newVersions").asLong())
                .isLessThan(dedupe.path("puts").asLong() / 2);
        List<String> groupsSampled = new ArrayList<>();
        results.get("throughput")
                .path("medianRun")
                .path("timeline")
                .forEach(point -> point.path("backlog").fieldNames().forEachRemaining(groupsSampled::add));
        assertThat(groupsSampled)
                .as("the time line samples how far the topology and the connector's main lane are behind")
                .contains("flare-topology", "flare-connector-main");
        assertThat(out.resolve("charts").resolve("throughput-backlog.png")).isNotEmptyFile();
        JsonNode stageWarmUps = new ObjectMapper()
                .readTree(out.resolve("limits.json").toFile())
                .path("runs")
                .path(0)
                .path("stageWarmUps");
        assertThat(stageWarmUps.path("httpOut").path("sent").asLong())
                .as("each stage warms up in rounds before it is measured: %s", stageWarmUps)
                .isPositive();
        assertThat(stageWarmUps.fieldNames())
                .toIterable()
                .containsExactly("httpIn", "producer", "streamsGuard", "httpOut");
        assertThat(Files.readString(doc)).contains("| throughput |", "Stage limits", "outside Java threads (CPU s)");
    }

    @Test
    void shouldRunEveryMicroBenchmarkAndComputeRatiosWhenRunAsSmoke() throws Exception {
        Path doc = out.resolve("performance.md");

        List<RatioTable.Row> rows = MicroBenchmarks.run(JmhSettings.SMOKE, out, doc, "smoke");

        assertThat(rows)
                .extracting(RatioTable.Row::group)
                .containsOnly("EnvelopeBenchmark", "ResourceMatchingBenchmark", "SigningBenchmark", "VersionBenchmark");
        assertThat(rows)
                .allSatisfy(row -> assertThat(row.ratio())
                        .as("%s.%s %s ratio to %s", row.group(), row.benchmark(), row.params(), row.reference())
                        .isPositive()
                        .isFinite());
        assertThat(out.resolve("jmh.json")).isNotEmptyFile();
        assertThat(Files.readString(doc)).contains("| `referenceMacDoFinal` |", "Last JMH run");
    }
}
