package dev.flare.launcher.roles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeterRegistriesTest {

    @Test
    void shouldExposeTheJvmAndProcessMetersAnOperatorWatchesForLeaks() {
        String scrape = MeterRegistries.create().scrape();

        assertThat(scrape)
                .contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_threads_live_threads")
                .contains("process_files_open_files")
                .contains("process_cpu_usage")
                .contains("process_uptime_seconds")
                .contains("jvm_classes_loaded_classes");
    }
}
