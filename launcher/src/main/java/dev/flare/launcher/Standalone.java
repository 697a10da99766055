package dev.flare.launcher;

import dev.flare.model.config.FlareConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode: an {@link EmbeddedKafka} broker under the data directory, Flare's topics (replication factor 1),
 * then the roles made by the role factory, started in order and awaited until ready. {@link #close()} stops the
 * roles in reverse order, then the broker; it may be called from another thread (a shutdown hook) at any time,
 * also while {@link #start()} runs, which then fails with {@link StoppedException}.
 */
public final class Standalone implements AutoCloseable {

    /** How often start-up logs what it is still waiting for. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> settings;
    private final int retryTiers;
    private final Function<StandaloneContext, List<Role>> roleFactory;
    private final boolean embeddedBroker;
    private final Object lock = new Object();
    private final List<Role> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedKafka kafka;
    private boolean closing;

    /**
     * @param settings environment settings merged with command-line flags (validated by {@link LauncherConfig})
     * @param retryTiers how many retry topics to create
     * @param roleFactory makes the roles to run, in start order, from the context
     */
    public Standalone(
            Map<String, String> settings, int retryTiers, Function<StandaloneContext, List<Role>> roleFactory) {
        this(settings, retryTiers, roleFactory, true);
    }

    /**
     * @param embeddedBroker false to run the roles against the cluster of {@code flare.kafka.bootstrap.servers}
     *     instead of an embedded broker (one role per process, spec §6), topics created or checked the same way
     */
    public Standalone(
            Map<String, String> settings,
            int retryTiers,
            Function<StandaloneContext, List<Role>> roleFactory,
            boolean embeddedBroker) {
        this.settings = Map.copyOf(settings);
        this.retryTiers = retryTiers;
        this.roleFactory = roleFactory;
        this.embeddedBroker = embeddedBroker;
    }

    /** The settings roles get: {@code settings} pointed at the broker, with replication factor 1. */
    public static Map<String, String> standaloneSettings(Map<String, String> settings, String bootstrapServers) {
        Map<String, String> merged = new HashMap<>(settings);
        merged.put(FlareConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        merged.put(FlareConfig.TOPIC_REPLICATION_FACTOR, "1");
        return merged;
    }

    /**
     * Starts the broker, creates the topics, starts the roles and waits until they are all ready.
     *
     * @return the context the roles were made with (its {@link StandaloneContext#announcedUrl()} is set by now)
     * @throws StoppedException when {@link #close()} was called meanwhile
     */
    public StandaloneContext start() throws Exception {
        LauncherConfig launcher = new LauncherConfig(settings);
        Path dataDir = launcher.dataDir();
        Files.createDirectories(dataDir);
        StandaloneContext context;
        if (embeddedBroker) {
            EmbeddedKafka broker =
                    new EmbeddedKafka(dataDir, launcher.embeddedKafkaPort(), launcher.embeddedKafkaControllerPort());
            synchronized (lock) {
                ensureOpen();
                kafka = broker;
            }
            broker.start();
            context = new StandaloneContext(
                    standaloneSettings(settings, broker.bootstrapServers()), dataDir, broker.bootstrapServers());
        } else {
            String bootstrap = String.join(",", new FlareConfig(settings).getList(FlareConfig.BOOTSTRAP_SERVERS));
            context = new StandaloneContext(settings, dataDir, bootstrap);
        }
        try (Admin admin = Admin.create(context.config().kafkaClientSettings())) {
            new TopicInitializer(admin, ADMIN_TIMEOUT).initialize(context.config(), retryTiers);
        }
        for (Role role : roleFactory.apply(context)) {
            synchronized (lock) {
                ensureOpen();
                started.add(role);
            }
            LOG.info("Starting {}", role.name());
            role.start();
        }
        awaitReady();
        return context;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Stops the roles in reverse start order, then the broker; idempotent, never throws. */
    @Override
    public void close() {
        List<Role> toClose;
        EmbeddedKafka broker;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            toClose = new ArrayList<>(started).reversed();
            broker = kafka;
        }
        try {
            for (Role role : toClose) {
                try {
                    role.close();
                } catch (RuntimeException e) {
                    LOG.warn("Role {} did not close cleanly", role.name(), e);
                }
            }
            if (broker != null) {
                broker.close();
            }
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits as long as the roles need: restoring a large state takes as long as it takes, and giving up would throw
     * that work away. Logs what it waits for every {@link #PROGRESS_INTERVAL}; fails when a role reports it never
     * will be ready.
     */
    private void awaitReady() throws InterruptedException {
        long nextReport = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
        while (true) {
            List<Role> waiting = new ArrayList<>();
            synchronized (lock) {
                ensureOpen();
                for (Role role : started) {
                    if (!role.isReady()) {
                        waiting.add(role);
                    }
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            for (Role role : waiting) {
                Optional<String> failure = role.failure();
                if (failure.isPresent()) {
                    throw new IllegalStateException(role.name() + " failed to start: " + failure.get());
                }
            }
            if (System.nanoTime() - nextReport > 0) {
                for (Role role : waiting) {
                    LOG.info("Waiting for {} to be ready: {}", role.name(), role.progress());
                }
                nextReport = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
            }
            Thread.sleep(100);
        }
    }

    private void ensureOpen() {
        if (closing) {
            throw new StoppedException();
        }
    }

    /** Thrown by {@link #start()} when the launcher was stopped before start-up finished. */
    public static final class StoppedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StoppedException() {
            super("Flare was stopped during start-up");
        }
    }
}
