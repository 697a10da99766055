package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.config.FlareConfig;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start-up waits for every role, however long it takes, and gives up only on a role that says it has failed. */
@Timeout(120)
class StandaloneStartIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private Map<String, String> settings() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put(FlareConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        settings.put(FlareConfig.TOPIC_PREFIX, KafkaClusterExtension.uniqueName("start"));
        settings.put(FlareConfig.TOPIC_PARTITIONS, "1");
        settings.put(FlareConfig.TOPIC_REPLICATION_FACTOR, "1");
        settings.put(LauncherConfig.DATA_DIR, Files.createTempDirectory("start").toString());
        return settings;
    }

    @Test
    void shouldFailNamingTheRoleWhenARoleReportsItCannotBecomeReady() throws Exception {
        StubRole broken = new StubRole("broken");
        broken.failure = Optional.of("its stream thread died");

        try (Standalone standalone = new Standalone(settings(), 1, context -> List.of(broken), false)) {
            assertThatThrownBy(standalone::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("broken failed to start: its stream thread died");
        }
    }

    @Test
    void shouldReturnOnlyOnceTheLastRoleIsReady() throws Exception {
        StubRole quick = new StubRole("quick");
        quick.ready.set(true);
        StubRole slow = new StubRole("slow");
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slow.ready.set(true);
        });

        try (Standalone standalone = new Standalone(settings(), 1, context -> List.of(quick, slow), false)) {
            standalone.start();

            assertThat(slow.ready).isTrue();
            assertThat(slow.started).isTrue();
        }
    }

    /** A role whose readiness and failure the test sets. */
    private static final class StubRole implements Role {

        private final String name;
        private final AtomicBoolean ready = new AtomicBoolean();
        private volatile boolean started;
        private volatile Optional<String> failure = Optional.empty();

        StubRole(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            started = true;
        }

        @Override
        public boolean isReady() {
            return ready.get();
        }

        @Override
        public Optional<String> failure() {
            return failure;
        }

        @Override
        public void close() {}
    }
}
