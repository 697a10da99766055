package dev.flare.launcher.receiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A subscriber to try Flare with ({@code ./flare receiver}): answers every callback 200 and prints it. Tests use it
 * too, as a real HTTP receiver that records what it got and answers the statuses they choose.
 */
public final class EchoReceiver implements AutoCloseable {

    /** Largest callback body kept, in bytes; the rest is read and dropped. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** One callback as the receiver saw it; header names lower-cased. */
    public record Callback(String method, String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final PrintStream out;
    private volatile ToIntFunction<Callback> statuses = callback -> 200;

    private EchoReceiver(HttpServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    /** Starts on 127.0.0.1:{@code port} (0 = any free port); prints each callback to {@code out} when not null. */
    public static EchoReceiver start(int port, PrintStream out) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        EchoReceiver receiver = new EchoReceiver(server, out);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    /** Chooses the status of each later answer (200 by default), given the callback and how many came before. */
    public void answerWith(ToIntFunction<Callback> statusOfCallback) {
        this.statuses = statusOfCallback;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every callback received so far, in arrival order. */
    public List<Callback> callbacks() {
        return new ArrayList<>(callbacks);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body = readBounded(exchange.getRequestBody());
            Callback callback = new Callback(
                    exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
            callbacks.add(callback);
            int status = statuses.applyAsInt(callback);
            if (out != null) {
                out.printf(
                        "%s %s webhook-id=%s (answered %d)%n%s%n%n",
                        callback.method(),
                        callback.path(),
                        headers.getOrDefault("webhook-id", "-"),
                        status,
                        body.isEmpty() ? "(no body)" : body);
                out.flush();
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        byte[] kept = in.readNBytes(MAX_BODY_BYTES);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return new String(kept, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
