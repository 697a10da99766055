package dev.flare.chaos.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One look at a running Flare process: heap in use (from its {@code /metrics}), resident memory, threads and open
 * file descriptors (from {@code /proc}, Linux only). {@code afterFullGc}: taken right after a full collection, so the
 * heap figure is what the process really holds.
 */
public record ProcessSample(
        double atSecond, long heapUsedBytes, long rssBytes, long threads, long openFiles, boolean afterFullGc) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Samples process {@code pid} whose API is at {@code api}; {@code atSecond} says when, for the report. */
    public static ProcessSample take(long pid, String api, double atSecond, boolean afterFullGc)
            throws IOException, InterruptedException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rssKib = 0;
        long threads = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKib = firstNumber(line);
            } else if (line.startsWith("Threads:")) {
                threads = firstNumber(line);
            }
        }
        long openFiles;
        try (Stream<Path> descriptors = Files.list(proc.resolve("fd"))) {
            openFiles = descriptors.count();
        }
        return new ProcessSample(atSecond, heapUsed(api), rssKib * 1024, threads, openFiles, afterFullGc);
    }

    private static long heapUsed(String api) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        String metrics =
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) heap;
    }

    private static long firstNumber(String line) {
        Matcher digits = DIGITS.matcher(line);
        return digits.find() ? Long.parseLong(digits.group()) : 0;
    }
}
