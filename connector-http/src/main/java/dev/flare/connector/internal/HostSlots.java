package dev.flare.connector.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Response;

/**
 * Hands OkHttp at most its per-host limit of calls to one host at a time; the rest wait here in arrival order. OkHttp's
 * dispatcher looks through every call it holds, ready or not, each time a call finishes, so thousands of callbacks
 * to one busy host (many subscriptions of one receiver) cost it time quadratic in their number; here a finished call
 * starts the next one of its host directly. Thread-safe.
 */
final class HostSlots {

    private record Waiting(Call call, Callback callback) {}

    private static final class Host {
        private int running;
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    }

    private final int perHost;
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Host> hosts = new HashMap<>();

    /**
     * @param dispatcher the dispatcher of every client whose calls go through here; its per-host limit as set now
     *     applies (both are read once: OkHttp's getters take the dispatcher's lock)
     */
    HostSlots(Dispatcher dispatcher) {
        this.perHost = dispatcher.getMaxRequestsPerHost();
        this.executor = dispatcher.executorService();
    }

    /** Enqueues {@code call} with OkHttp now, or once a call to the same host has finished. */
    void enqueue(Call call, Callback callback) {
        String host = call.request().url().host();
        boolean now;
        lock.lock();
        try {
            Host slots = hosts.computeIfAbsent(host, h -> new Host());
            now = slots.running < perHost;
            if (now) {
                slots.running++;
            } else {
                slots.waiting.add(new Waiting(call, callback));
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            start(host, call, callback);
        }
    }

    /** Calls waiting here for a slot, over all hosts. */
    int waiting() {
        lock.lock();
        try {
            return hosts.values().stream().mapToInt(h -> h.waiting.size()).sum();
        } finally {
            lock.unlock();
        }
    }

    private void start(String host, Call call, Callback callback) {
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call done, Response response) throws IOException {
                try {
                    callback.onResponse(done, response);
                } finally {
                    finished(host);
                }
            }

            @Override
            public void onFailure(Call done, IOException e) {
                try {
                    callback.onFailure(done, e);
                } finally {
                    finished(host);
                }
            }
        });
    }

    private void finished(String host) {
        Waiting next;
        List<Waiting> abandoned = List.of();
        lock.lock();
        try {
            Host slots = hosts.get(host);
            if (executor.isShutdown()) {
                abandoned = new ArrayList<>(slots.waiting);
                slots.waiting.clear();
            }
            next = slots.waiting.poll();
            if (next == null && --slots.running == 0) {
                hosts.remove(host);
            }
        } finally {
            lock.unlock();
        }
        // Note: a stopped client fails a call synchronously inside enqueue; failing the waiting calls here instead
        // of starting them one from the other's failure keeps that from recursing once per waiting call.
        for (Waiting call : abandoned) {
            call.callback().onFailure(call.call(), new InterruptedIOException("the connector is stopping"));
        }
        if (next != null) {
            start(host, next.call(), next.callback());
        }
    }
}
