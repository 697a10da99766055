package dev.flare.chaos.internal;

import dev.flare.launcher.EmbeddedKafka;
import java.nio.file.Path;

/**
 * The Kafka broker of a chaos run, in its own JVM so the run can kill and restart it: {@code <dataDir> <port>
 * <controllerPort>}. Prints a ready line, then runs until killed.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = new EmbeddedKafka(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("chaos broker ready on " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
