package dev.flare.bench.internal;

import dev.flare.bench.internal.Documents.Change;
import dev.flare.ingest.IngestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One running Flare with the bench's receiver and load generator, shared by the scenarios run against it. */
public final class Session implements AutoCloseable {

    /** Receiver hosts: 127.0.0.1 for healthy subscribers, .2 for failing ones, .3 for slow ones. */
    public static final int HOSTS = 3;

    static final long PROBE = 999_999_999L;

    private final FlareInstance flare;
    private final Receiver receiver;
    private final LoadGenerator load;
    private final Backlog backlog;
    private final AtomicInteger namespaces = new AtomicInteger();

    private Session(FlareInstance flare, Receiver receiver, Backlog backlog) {
        this.flare = flare;
        this.receiver = receiver;
        this.load = new LoadGenerator(flare.api());
        this.backlog = backlog;
    }

    public static Session start(String guarantee, Map<String, String> overrides) throws Exception {
        // Note: the JDK HTTP server reads its properties once, when the first server is made (here the receiver).
        IngestServer.applyServerDefaults();
        Receiver receiver = Receiver.start(HOSTS);
        FlareInstance flare = null;
        try {
            flare = FlareInstance.start(guarantee, overrides);
            return new Session(flare, receiver, new Backlog(flare.bootstrapServers()));
        } catch (Exception | Error e) {
            if (flare != null) {
                flare.close();
            }
            receiver.close();
            throw e;
        }
    }

    public FlareInstance flare() {
        return flare;
    }

    public Receiver receiver() {
        return receiver;
    }

    public LoadGenerator load() {
        return load;
    }

    /** A sampler of this session's counters, memory, CPU and consumer-group backlogs, started now. */
    public Sampler sampler(Tracker tracker, long intervalMillis) {
        return new Sampler(tracker, intervalMillis, backlog::sample);
    }

    /** How far each consumer group is behind now ({@link Backlog#sample}). */
    public Map<String, Long> backlog() {
        return backlog.sample();
    }

    /** A namespace (resource) no other scenario of this session uses. */
    public String namespace(String scenario) {
        return scenario + "-" + namespaces.incrementAndGet();
    }

    /** A subscriber: its name, which receiver host it calls and how it answers. */
    public record Subscriber(String name, int host, Receiver.Behavior behavior) {

        static Subscriber healthy(String name) {
            return new Subscriber(name, 1, Receiver.Behavior.HEALTHY);
        }
    }

    /**
     * Creates the resource of {@code ns} and its subscriptions, then sends probe changes until every healthy
     * subscriber has received one, so the catalog and the topology know them all before the load starts.
     */
    public void setUp(String ns, List<Subscriber> subscribers) throws InterruptedException {
        String resource = flare.createResource(ns);
        for (Subscriber subscriber : subscribers) {
            receiver.behave(subscriber.name(), subscriber.behavior());
            flare.subscribe(resource, receiver.baseUrl(subscriber.host()), subscriber.name());
        }
        List<Subscriber> healthy =
                subscribers.stream().filter(s -> s.behavior().success()).toList();
        Tracker probe = new Tracker();
        receiver.track(probe);
        String url = Documents.url(ns, PROBE);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (long version = 1; ; version++) {
            load.closedLoop(List.of(new Change(ns, PROBE, version)).iterator(), 1, probe, false);
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() - until < 0) {
                if (healthy.stream().allMatch(s -> probe.newest(s.name(), url) >= 1)) {
                    Thread.sleep(100);
                    return;
                }
                Thread.sleep(10);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("subscribers of " + ns + " never got the probe change");
            }
        }
    }

    @Override
    public void close() {
        backlog.close();
        load.close();
        receiver.close();
        flare.close();
    }
}
