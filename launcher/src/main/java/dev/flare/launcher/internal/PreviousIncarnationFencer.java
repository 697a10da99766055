package dev.flare.launcher.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a single-node cluster's controller alone until it has fenced the broker's previous incarnation, so that the
 * broker started next never acts on leadership it held before it died.
 *
 * <p>Why: after the JVM was killed, the metadata log still shows the broker unfenced and leading every partition. A
 * combined node publishes that image to its broker at once; its transaction coordinator then resumes the transactions
 * it finds half-committed, but cannot send their markers yet. When the controller fences the dead incarnation, the
 * coordinator takes the now leaderless partitions for deleted ones, drops their markers and may record the
 * transaction as complete: those partitions keep an open transaction, their last stable offset never moves again, and
 * every read_committed reader (Kafka Streams restoring a store) waits forever. With the old incarnation fenced first,
 * the broker starts without leadership and becomes coordinator only once it can deliver the markers.
 */
public final class PreviousIncarnationFencer {

    private static final Logger LOG = LoggerFactory.getLogger(PreviousIncarnationFencer.class);
    private static final Duration POLL = Duration.ofMillis(50);
    // Note: the controller fences a broker that has not sent a heartbeat within this session; the old incarnation
    // never will, and no live broker talks to this controller, so it can be short.
    private static final String SESSION_TIMEOUT_MS = "1000";
    private static final String HEARTBEAT_INTERVAL_MS = "500";
    private static final ObjectName ACTIVE_BROKERS =
            name("kafka.controller:type=KafkaController,name=ActiveBrokerCount");
    private static final ObjectName OWN_REGISTRATIONS =
            name("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=ControllerRegistration,error=NONE");

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    /**
     * Starts the node described by {@code nodeSettings} as a controller only, waits until it has registered itself and
     * no broker is active any more, then shuts it down. Returns whether that was confirmed within {@code timeout}.
     *
     * @param nodeSettings the combined node's settings
     * @param controllerListener {@code listener://host:port} of its controller
     * @param controllerListenerName the name of that listener
     */
    public boolean fence(
            Map<String, String> nodeSettings,
            String controllerListener,
            String controllerListenerName,
            Duration timeout)
            throws InterruptedException {
        Map<String, String> settings = new HashMap<>(nodeSettings);
        settings.put("process.roles", "controller");
        settings.put("listeners", controllerListener);
        settings.put("listener.security.protocol.map", controllerListenerName + ":PLAINTEXT");
        settings.remove("advertised.listeners");
        settings.remove("inter.broker.listener.name");
        settings.put("broker.session.timeout.ms", SESSION_TIMEOUT_MS);
        settings.put("broker.heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
        KafkaRaftServer controller = new KafkaRaftServer(new KafkaConfig(settings, false), Time.SYSTEM);
        long start = System.nanoTime();
        long registrationsBefore = Math.max(0, count(OWN_REGISTRATIONS, "Count"));
        try {
            controller.startup();
            boolean fenced = awaitFenced(registrationsBefore, start + timeout.toNanos());
            if (fenced) {
                LOG.info(
                        "Embedded Kafka controller confirmed the broker's previous run fenced in {} ms",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
            return fenced;
        } finally {
            controller.shutdown();
            controller.awaitShutdown();
        }
    }

    // Note: waiting for the controller's own registration too means it has loaded the metadata (the broker count is
    // real, not its initial zero) and that no registration request is in flight when it shuts down. Metrics are
    // per JVM, so a server that ran here before may have counted registrations already.
    private boolean awaitFenced(long registrationsBefore, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() - deadlineNanos < 0) {
            if (count(OWN_REGISTRATIONS, "Count") > registrationsBefore && count(ACTIVE_BROKERS, "Value") == 0) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    private long count(ObjectName metric, String attribute) {
        try {
            return jmx.getAttribute(metric, attribute) instanceof Number number ? number.longValue() : -1;
        } catch (JMException e) {
            return -1;
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
