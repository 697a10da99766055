package dev.flare.chaos.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flare role (or the broker) in its own JVM on this JVM's class path, which a chaos run can kill with SIGKILL
 * and start again with the same settings. Its output is appended to {@code <name>.log} in the run directory.
 */
public final class JavaProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final List<String> mainClassAndArguments;
    private final Map<String, String> environment;
    private final Path log;
    private final Pattern ready;
    private final List<String> memoryOptions;
    private Process process;

    /**
     * {@code ready} matches the output line that says the process is up (its group 1, if any, is what
     * {@link #start()} returns); {@code memoryOptions} size its heap, like {@code -Xmx384m}.
     */
    public JavaProcess(
            String name,
            List<String> mainClassAndArguments,
            Map<String, String> environment,
            Path runDir,
            Pattern ready,
            List<String> memoryOptions) {
        this.name = name;
        this.memoryOptions = List.copyOf(memoryOptions);
        this.mainClassAndArguments = List.copyOf(mainClassAndArguments);
        this.environment = Map.copyOf(environment);
        this.log = runDir.resolve(name + ".log");
        this.ready = ready;
    }

    public String name() {
        return name;
    }

    /** The running JVM's process id, or -1 before it started. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the JVM and waits until it says it is ready; returns what the ready line's group 1 captured. */
    public synchronized String start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path")));
        command.addAll(1, memoryOptions);
        command.addAll(mainClassAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        process = builder.start();
        CompletableFuture<String> readiness = new CompletableFuture<>();
        Process started = process;
        Thread.ofVirtual().start(() -> copyOutput(started, readiness));
        try {
            return readiness.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(name + " did not start (see " + log + "): " + e.getMessage(), e);
        }
    }

    /** Starts every process at once and waits until all are ready. */
    public static void startAll(List<JavaProcess> processes) throws IOException, InterruptedException {
        List<CompletableFuture<String>> started = new ArrayList<>();
        for (JavaProcess process : processes) {
            CompletableFuture<String> done = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    done.complete(process.start());
                } catch (IOException | InterruptedException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            started.add(done);
        }
        for (CompletableFuture<String> done : started) {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** SIGKILL, then wait for the process to be gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped in 20 s. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void copyOutput(Process running, CompletableFuture<String> readiness) {
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter file = new PrintWriter(Files.newBufferedWriter(
                        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            file.println("---- started " + Instant.now());
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                file.println(line);
                file.flush();
                Matcher matcher = ready.matcher(line);
                if (!readiness.isDone() && matcher.find()) {
                    readiness.complete(matcher.groupCount() > 0 && matcher.group(1) != null ? matcher.group(1) : "");
                }
            }
            readiness.completeExceptionally(new IOException(name + " exited with " + running.waitFor()));
        } catch (IOException | InterruptedException e) {
            readiness.completeExceptionally(e);
        }
    }
}
