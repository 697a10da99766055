package dev.flare.chaos.internal;

import dev.flare.launcher.internal.FreePorts;
import dev.flare.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code ./flare up} in its own JVM (embedded broker and every role), killed with SIGKILL and started again. */
public final class StandaloneDeployment implements Deployment {

    private static final String HOST = "127.0.0.1";
    private static final Duration DOWN_FOR = Duration.ofSeconds(2);
    private static final int GARBAGE_RECORDS = 25;

    private final int kafkaPort = FreePorts.pick(HOST);
    private final Garbage garbage;
    private final JavaProcess flare;
    private volatile String api;

    public StandaloneDeployment(Path runDir) {
        this(runDir, List.of("-Xmx1g"));
    }

    /** With the given heap options (a soak fixes and pre-touches the heap, so RSS shows what lives off it). */
    public StandaloneDeployment(Path runDir, List<String> memoryOptions) {
        Map<String, String> environment = FlareSettings.common();
        environment.put("FLARE_DATA_DIR", runDir.resolve("data").toString());
        environment.put("FLARE_PORT", Integer.toString(FreePorts.pick(HOST)));
        environment.put("FLARE_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort));
        flare = new JavaProcess(
                "standalone",
                List.of(FlareSettings.LAUNCHER_MAIN, "up"),
                environment,
                runDir,
                FlareSettings.READY,
                memoryOptions);
        garbage = new Garbage(bootstrapServers(), new Topics(FlareSettings.TOPIC_PREFIX));
    }

    @Override
    public String description() {
        return "standalone (./flare up): embedded broker and every role in one JVM";
    }

    @Override
    public String start() throws Exception {
        api = flare.start();
        return api;
    }

    /** The API's base URL once started, else null. */
    public String api() {
        return api;
    }

    public long pid() {
        return flare.pid();
    }

    @Override
    public List<Fault> faults() {
        return List.of(
                new Fault("kill -9 the standalone process", () -> {
                    flare.kill();
                    Thread.sleep(DOWN_FOR);
                    flare.start();
                }),
                new Fault("garbage onto the documents topic", () -> garbage.write(GARBAGE_RECORDS)));
    }

    private String bootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    @Override
    public Garbage garbage() {
        return garbage;
    }

    @Override
    public void close() {
        flare.close();
    }
}
