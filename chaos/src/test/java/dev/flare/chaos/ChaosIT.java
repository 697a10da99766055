package dev.flare.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.chaos.internal.FaultReport;
import dev.flare.chaos.internal.Profile;
import dev.flare.chaos.internal.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI version of the fault suite ({@code ./flare chaos --quick}): every role killed in turn, the broker
 * restarted, standalone Flare killed, garbage on the documents topic, receivers that fail, time out, hang, reset
 * and flap — and nothing lost or delivered out of order (spec §3 I2, I3).
 */
class ChaosIT {

    @Test
    void shouldLoseNothingAndKeepEveryDocumentInOrderUnderEveryFault(@TempDir Path output) throws Exception {
        List<RunReport> reports = ChaosMain.runAll(Profile.quick(), List.of("cluster", "standalone"), output);

        assertThat(reports).hasSize(2);
        for (RunReport report : reports) {
            String summary = report.summary();
            assertThat(report.lost()).as(summary).isZero();
            assertThat(report.outOfOrder()).as(summary).isZero();
            assertThat(report.requestsRejected()).as(summary).isZero();
            assertThat(report.changesAccepted()).as(summary).isPositive();
            assertThat(report.delivered()).as(summary).isPositive();
            assertThat(report.garbageWritten()).as(summary).isPositive();
            assertThat(report.garbageDeadLettered()).as(summary).isEqualTo(report.garbageWritten());
            assertThat(report.faults())
                    .as(summary)
                    .isNotEmpty()
                    .allSatisfy(fault -> assertThat(fault.recoverySeconds())
                            .as(fault.fault())
                            .isPositive());
            assertThat(report.faults()).extracting(FaultReport::fault).doesNotHaveDuplicates();
        }
        assertThat(output.resolve("cluster.json")).isNotEmptyFile();
        assertThat(Files.readString(output.resolve("standalone.json"))).contains("\"lost\" : 0");
    }
}
