package dev.flare.bench.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subscriber side of the bench: JDK {@code HttpServer} on virtual threads, one server per loopback address
 * (127.0.0.1, 127.0.0.2, ...) so that slow subscribers can live on hosts of their own. {@code POST /cb/<subscriber>/..}
 * parses {@code id} and {@code revision} from the envelope, notes the arrival time in the current {@link Tracker},
 * then answers as that subscriber's {@link Behavior} says. {@code POST /raw/..} only answers 200 (the limit of the
 * callback stage).
 */
public final class Receiver implements AutoCloseable {

    /** How a subscriber answers: a status after a delay. */
    public record Behavior(int status, long delayMillis) {

        public static final Behavior HEALTHY = new Behavior(200, 0);

        boolean success() {
            return status >= 200 && status < 300;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
    private final LongAdder raw = new LongAdder();
    private volatile Tracker tracker = new Tracker();

    private Receiver() {}

    /** Starts one server on each of 127.0.0.1 .. 127.0.0.{@code hosts}, each on a free port. */
    public static Receiver start(int hosts) throws IOException {
        Receiver receiver = new Receiver();
        try {
            for (int i = 1; i <= hosts; i++) {
                InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i});
                HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 1024);
                server.setExecutor(receiver.executor);
                server.createContext("/", receiver::handle);
                server.start();
                receiver.servers.add(server);
            }
        } catch (IOException | RuntimeException e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    /** {@code http://127.0.0.<host>:<port>} for host 1..hosts. */
    public String baseUrl(int host) {
        InetSocketAddress address = servers.get(host - 1).getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Routes later callbacks into {@code next}. */
    public void track(Tracker next) {
        this.tracker = next;
    }

    public void behave(String subscriber, Behavior behavior) {
        behaviors.put(subscriber, behavior);
    }

    /** Requests answered on {@code /raw}. */
    public long rawCount() {
        return raw.sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = readAll(exchange.getRequestBody());
            if (path.startsWith("/raw")) {
                raw.increment();
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (!path.startsWith("/cb/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int end = path.indexOf('/', 4);
            String subscriber = end < 0 ? path.substring(4) : path.substring(4, end);
            Behavior behavior = behaviors.getOrDefault(subscriber, Behavior.HEALTHY);
            Envelope envelope = parse(body);
            if (envelope != null) {
                tracker.callback(subscriber, envelope.id(), envelope.revision(), arrived, behavior.success());
            }
            if (behavior.delayMillis() > 0) {
                try {
                    Thread.sleep(behavior.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(behavior.status(), -1);
        }
    }

    private record Envelope(String id, long revision) {}

    private static Envelope parse(byte[] body) throws IOException {
        String id = null;
        long revision = -1;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                    id = parser.getText();
                } else if ("revision".equals(field) && value.isNumeric()) {
                    revision = parser.getLongValue();
                } else if ("revision".equals(field) && value == JsonToken.VALUE_STRING) {
                    revision = Long.parseLong(parser.getText());
                } else {
                    parser.skipChildren();
                }
                if (id != null && revision >= 0) {
                    break;
                }
            }
        }
        return id == null || revision < 0 ? null : new Envelope(id, revision);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        executor.shutdownNow();
    }
}
