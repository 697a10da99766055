package dev.flare.chaos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.Position;
import dev.flare.model.json.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A subscriber that misbehaves as its {@link Behaviour} says, on plain sockets so it can hang or reset a
 * connection. It records every callback it read in full, with how it answered: the log the checker reads.
 */
public final class FaultyReceiver implements AutoCloseable {

    private static final Duration FLAP_PERIOD = Duration.ofSeconds(4);
    private static final Duration LONGEST_HANG = Duration.ofSeconds(60);

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final Duration callTimeout;
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final long startedAt = System.nanoTime();
    private volatile boolean closed;

    private FaultyReceiver(ServerSocket server, Behaviour behaviour, Duration callTimeout) {
        this.server = server;
        this.behaviour = behaviour;
        this.callTimeout = callTimeout;
    }

    /** Starts on 127.0.0.1 on a free port; {@code callTimeout} is its subscription's, which SLOW answers outlast. */
    public static FaultyReceiver start(Behaviour behaviour, Duration callTimeout) throws IOException {
        ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        FaultyReceiver receiver = new FaultyReceiver(server, behaviour, callTimeout);
        Thread.ofVirtual().name("receiver-" + behaviour).start(receiver::acceptConnections);
        return receiver;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every callback read so far, in arrival order. */
    public List<Receipt> receipts() {
        return new ArrayList<>(receipts);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    private void acceptConnections() {
        while (!closed) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("chaos receiver " + behaviour + ": accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            for (RawHttpRequest request = RawHttpRequest.read(in); request != null; request = RawHttpRequest.read(in)) {
                if (!answer(connection, request)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Flare gave up on the connection (its timeout) or a callback could not be read: nothing to record.
        } finally {
            connections.remove(connection);
        }
    }

    /** Answers one request; false when the connection must not be used again. */
    private boolean answer(Socket connection, RawHttpRequest request) throws IOException {
        JsonNode envelope = Json.mapper().readTree(request.body());
        String document = envelope.path("id").asText();
        Position position = new Position(
                envelope.path("revision").asLong(),
                "delete".equals(envelope.path("action").asText()));
        Answer answer = choose(document);
        receipts.add(new Receipt(document, position, answer, System.nanoTime()));
        OutputStream out = connection.getOutputStream();
        switch (answer) {
            case ACCEPTED -> respond(out, 200);
            case ACCEPTED_LATE -> {
                sleep(callTimeout.plusSeconds(1));
                respond(out, 200);
            }
            case REFUSED -> respond(out, behaviour == Behaviour.FLAPS ? 503 : 500);
            case DISCARDED -> respond(out, 422);
            case HUNG -> {
                connection.setSoTimeout((int) LONGEST_HANG.toMillis());
                connection.getInputStream().read();
                return false;
            }
            case RESET -> {
                connection.setSoLinger(true, 0);
                return false;
            }
            default -> throw new IllegalStateException("unhandled answer " + answer);
        }
        return true;
    }

    private Answer choose(String document) {
        double dice = ThreadLocalRandom.current().nextDouble();
        return switch (behaviour) {
            case HEALTHY -> Answer.ACCEPTED;
            case ERRORS -> dice < 0.35 ? Answer.REFUSED : Answer.ACCEPTED;
            case SLOW -> dice < 0.1 ? Answer.ACCEPTED_LATE : Answer.ACCEPTED;
            case HANGS -> dice < 0.1 ? Answer.HUNG : Answer.ACCEPTED;
            case RESETS -> dice < 0.15 ? Answer.RESET : Answer.ACCEPTED;
            case FLAPS -> down() ? Answer.REFUSED : Answer.ACCEPTED;
            case DISCARDS -> Documents.isDiscarded(document) ? Answer.DISCARDED : Answer.ACCEPTED;
        };
    }

    private boolean down() {
        long periods = (System.nanoTime() - startedAt) / FLAP_PERIOD.toNanos();
        return periods % 2 == 1;
    }

    private static void respond(OutputStream out, int status) throws IOException {
        out.write(("HTTP/1.1 " + status + " Chaos\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
