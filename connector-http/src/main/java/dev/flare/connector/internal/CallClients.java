package dev.flare.connector.internal;

import dev.flare.model.CallTimeouts;
import dev.flare.model.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Makes the connector's calls: with the shared client for the default timeouts, else with a client derived from it
 * with {@code newBuilder()} (same connection pool, dispatcher and address guard), cached per distinct (connect, call)
 * pair, the least recently used dropped beyond {@link #MAX_CACHED}; through {@link HostSlots}. Thread-safe.
 */
public final class CallClients {

    /** The most derived clients kept; dropping one costs nothing, as it shares everything with the shared client. */
    static final int MAX_CACHED = 64;

    /** A connect and whole-call timeout. */
    public record Timeouts(Duration connect, Duration call) {}

    private final OkHttpClient shared;
    private final Timeouts defaults;
    private final HostSlots hostSlots;
    private final Map<Timeouts, OkHttpClient> derived = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Timeouts, OkHttpClient> eldest) {
            return size() > MAX_CACHED;
        }
    };

    /** @param shared a client made by {@link HttpClients#create} with the default timeouts */
    public CallClients(OkHttpClient shared, Duration defaultConnect, Duration defaultCall) {
        this.shared = shared;
        this.defaults = new Timeouts(defaultConnect, defaultCall);
        this.hostSlots = new HostSlots(shared.dispatcher());
    }

    /**
     * Sends {@code request} with {@code timeouts}; {@code callback} hears the answer or the failure, as with OkHttp's
     * {@code enqueue}. A call waits while its host has as many calls running as the dispatcher allows per host.
     */
    public void enqueue(Timeouts timeouts, Request request, Callback callback) {
        hostSlots.enqueue(client(timeouts).newCall(request), callback);
    }

    /** Calls waiting for their host to have a free slot. */
    public int waitingForHost() {
        return hostSlots.waiting();
    }

    /**
     * The timeouts that apply to a subscription with {@code own} (null or partly null for the defaults), kept within
     * the bounds the API enforces.
     */
    public Timeouts timeouts(CallTimeouts own) {
        if (own == null) {
            return defaults;
        }
        return new Timeouts(
                parse(own.connect(), defaults.connect(), CallTimeouts.LONGEST_CONNECT),
                parse(own.call(), defaults.call(), CallTimeouts.LONGEST_CALL));
    }

    /** The client that calls with {@code timeouts}. */
    public OkHttpClient client(Timeouts timeouts) {
        if (timeouts.equals(defaults)) {
            return shared;
        }
        synchronized (derived) {
            return derived.computeIfAbsent(
                    timeouts,
                    t -> shared.newBuilder()
                            .connectTimeout(t.connect())
                            .readTimeout(t.call())
                            .writeTimeout(t.call())
                            .callTimeout(t.call())
                            .build());
        }
    }

    int cached() {
        synchronized (derived) {
            return derived.size();
        }
    }

    private static Duration parse(String text, Duration fallback, Duration longest) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration parsed = Durations.parse(text);
            if (parsed.compareTo(CallTimeouts.SHORTEST) < 0) {
                return CallTimeouts.SHORTEST;
            }
            return parsed.compareTo(longest) > 0 ? longest : parsed;
        } catch (IllegalArgumentException e) {
            // Note: the ingest API stores only valid timeouts; a record written another way keeps the default.
            return fallback;
        }
    }
}
