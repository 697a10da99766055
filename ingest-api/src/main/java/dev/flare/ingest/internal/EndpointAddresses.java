package dev.flare.ingest.internal;

import dev.flare.ingest.HostResolver;
import dev.flare.model.Action;
import dev.flare.model.Endpoint;
import dev.flare.model.EndpointOverride;
import dev.flare.model.net.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Refuses, when a subscription is created, endpoints whose host is or resolves to an address the
 * {@link AddressPolicy} blocks. The connector checks again at every call (DNS can change); a host that does not
 * resolve yet, or has a wildcard, is left to that check.
 */
final class EndpointAddresses {

    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);

    private final AddressPolicy policy;
    private final HostResolver resolver;

    EndpointAddresses(AddressPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /** Adds a field error for every endpoint URL of {@code endpoint} that leads to a blocked address. */
    void check(Endpoint endpoint, Fields fields) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("endpoint.url", endpoint.url());
        for (Map.Entry<Action, EndpointOverride> entry : endpoint.actions().entrySet()) {
            if (entry.getValue().url() != null) {
                urls.put(
                        "endpoint.actions." + entry.getKey().wireName() + ".url",
                        entry.getValue().url());
            }
        }
        urls.forEach((field, url) -> {
            String problem = problem(hostOf(url));
            if (problem != null) {
                fields.add(field, problem);
            }
        });
    }

    private String problem(String host) {
        if (host == null || host.contains("{")) {
            return null;
        }
        if (policy.isBlockedLiteral(host)) {
            return host + " is a private or reserved address; an operator can allow it with "
                    + AddressPolicy.ALLOW_SETTING;
        }
        List<String> blocked = new ArrayList<>();
        for (InetAddress address : resolve(host)) {
            if (!policy.isPermitted(address)) {
                blocked.add(address.getHostAddress());
            }
        }
        if (blocked.isEmpty()) {
            return null;
        }
        return host + " resolves to a private or reserved address (" + String.join(", ", blocked)
                + "); an operator can allow it with " + AddressPolicy.ALLOW_SETTING;
    }

    private List<InetAddress> resolve(String host) {
        CompletableFuture<List<InetAddress>> lookup = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                lookup.complete(resolver.resolve(host));
            } catch (UnknownHostException | RuntimeException e) {
                lookup.complete(List.of());
            }
        });
        try {
            return lookup.get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The host of an already validated absolute URL, wildcards and all; null when there is none. */
    private static String hostOf(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        String hostPort = authority.substring(at + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? null : hostPort.substring(1, close);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
