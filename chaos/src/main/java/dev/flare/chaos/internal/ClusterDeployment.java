package dev.flare.chaos.internal;

import dev.flare.launcher.internal.FreePorts;
import dev.flare.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every role in its own JVM, like a production cluster on one machine: a broker (restartable, same ports and data),
 * two topology instances with standby replicas, two connectors and one ingest API, over 6 partitions.
 */
public final class ClusterDeployment implements Deployment {

    private static final String HOST = "127.0.0.1";
    private static final Duration DOWN_FOR = Duration.ofSeconds(2);
    private static final int GARBAGE_RECORDS = 25;

    private final Path runDir;
    private final int brokerPort = FreePorts.pick(HOST);
    private final Garbage garbage;
    private final JavaProcess broker;
    private final JavaProcess topologyA;
    private final JavaProcess topologyB;
    private final JavaProcess connector1;
    private final JavaProcess connector2;
    private final JavaProcess ingest;

    public ClusterDeployment(Path runDir) {
        this.runDir = runDir;
        this.garbage = new Garbage(bootstrapServers(), new Topics(FlareSettings.TOPIC_PREFIX));
        broker = new JavaProcess(
                "broker",
                List.of(
                        BrokerMain.class.getName(),
                        runDir.resolve("broker").toString(),
                        Integer.toString(brokerPort),
                        Integer.toString(FreePorts.pick(HOST))),
                Map.of(),
                runDir,
                Pattern.compile("chaos broker ready"),
                List.of("-Xmx768m"));
        int queryPortA = FreePorts.pick(HOST);
        topologyA = role("topology-a", "topology", Map.of("FLARE_TOPOLOGY_QUERY_PORT", Integer.toString(queryPortA)));
        topologyB = role(
                "topology-b", "topology", Map.of("FLARE_TOPOLOGY_QUERY_PORT", Integer.toString(FreePorts.pick(HOST))));
        connector1 = role("connector-1", "connector", Map.of("FLARE_CONNECTOR_INSTANCE_ID", "c1"));
        connector2 = role("connector-2", "connector", Map.of("FLARE_CONNECTOR_INSTANCE_ID", "c2"));
        ingest = role(
                "ingest-api",
                "ingest-api",
                Map.of(
                        "FLARE_PORT",
                        Integer.toString(FreePorts.pick(HOST)),
                        "FLARE_INGEST_TOPOLOGY_URL",
                        "http://" + HOST + ":" + queryPortA));
    }

    private JavaProcess role(String name, String command, Map<String, String> own) {
        Map<String, String> environment = FlareSettings.common();
        environment.put("FLARE_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        environment.put("FLARE_TOPIC_PARTITIONS", "6");
        environment.put("FLARE_TOPIC_REPLICATION_FACTOR", "1");
        environment.put("FLARE_TOPOLOGY_APPLICATION_ID", "chaos-topology");
        environment.put("FLARE_TOPOLOGY_STANDBY_REPLICAS", "1");
        environment.put(
                "FLARE_TOPOLOGY_STATE_DIR", runDir.resolve(name + "-state").toString());
        environment.put("FLARE_DATA_DIR", runDir.resolve(name + "-data").toString());
        environment.put("FLARE_CONNECTOR_GROUP_ID", "chaos-connector");
        environment.put("FLARE_CONNECTOR_ALLOWED_CIDRS", "127.0.0.0/8");
        environment.putAll(own);
        return new JavaProcess(
                name,
                List.of(FlareSettings.LAUNCHER_MAIN, command),
                environment,
                runDir,
                FlareSettings.READY,
                List.of("-Xmx384m"));
    }

    @Override
    public String description() {
        return "separate JVMs: 1 broker, 2 topology instances (1 standby replica), 2 connectors, 1 ingest API;"
                + " 6 partitions";
    }

    @Override
    public String start() throws Exception {
        broker.start();
        topologyA.start();
        JavaProcess.startAll(List.of(topologyB, connector1, connector2));
        return ingest.start();
    }

    @Override
    public List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        for (JavaProcess process : List.of(topologyA, connector1, ingest, topologyB, connector2)) {
            faults.add(new Fault("kill -9 " + process.name(), () -> killAndRestart(process)));
        }
        faults.add(new Fault("kill -9 and restart the broker", () -> killAndRestart(broker)));
        faults.add(new Fault("garbage onto the documents topic", () -> garbage.write(GARBAGE_RECORDS)));
        return faults;
    }

    private static void killAndRestart(JavaProcess process) throws Exception {
        process.kill();
        Thread.sleep(DOWN_FOR);
        process.start();
    }

    private String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    @Override
    public Garbage garbage() {
        return garbage;
    }

    @Override
    public void close() {
        for (JavaProcess process : List.of(ingest, connector1, connector2, topologyA, topologyB, broker)) {
            process.close();
        }
    }
}
