package dev.flare.connector.internal;

import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Builds the connector's one shared {@link OkHttpClient}. */
public final class HttpClients {

    private static final int MAX_IDLE_CONNECTIONS = 256;

    private HttpClients() {}

    /**
     * A client that resolves through {@code guard}, never follows redirects, goes direct (no proxy, so the address
     * check sees the real target), and bounds every call by {@code callTimeout}.
     */
    public static OkHttpClient create(
            AddressGuard guard, Duration connectTimeout, Duration callTimeout, int maxRequests, int maxPerHost) {
        Dispatcher dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
        dispatcher.setMaxRequests(maxRequests);
        dispatcher.setMaxRequestsPerHost(maxPerHost);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.min(MAX_IDLE_CONNECTIONS, maxRequests), 1, TimeUnit.MINUTES))
                .dns(guard)
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(connectTimeout)
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .callTimeout(callTimeout)
                .build();
    }

    /**
     * Stops a client made by {@link #create}: stops its threads taking calls, cancels calls and closes its
     * connections. Its executor stops first, so that no call waiting for its host starts once the others are cancelled.
     */
    public static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
    }
}
