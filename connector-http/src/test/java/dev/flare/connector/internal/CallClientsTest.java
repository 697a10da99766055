package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.CallTimeouts;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallClientsTest {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration CALL = Duration.ofSeconds(15);

    private final AddressGuard guard = new AddressGuard(List.of());
    private final OkHttpClient shared = HttpClients.create(guard, CONNECT, CALL, 16, 16);
    private final CallClients clients = new CallClients(shared, CONNECT, CALL);

    @AfterEach
    void tearDown() {
        HttpClients.shutdown(shared);
    }

    @Test
    void shouldUseSharedClientWhenSubscriptionHasNoTimeouts() {
        assertThat(clients.client(clients.timeouts(null))).isSameAs(shared);
        assertThat(clients.client(clients.timeouts(new CallTimeouts("5s", "15s"))))
                .isSameAs(shared);
    }

    @Test
    void shouldKeepDefaultForTheTimeoutSubscriptionLeavesOut() {
        assertThat(clients.timeouts(new CallTimeouts(null, "3s")))
                .isEqualTo(new CallClients.Timeouts(CONNECT, Duration.ofSeconds(3)));
        assertThat(clients.timeouts(new CallTimeouts("250ms", null)))
                .isEqualTo(new CallClients.Timeouts(Duration.ofMillis(250), CALL));
    }

    @Test
    void shouldKeepTimeoutsWithinApiBoundsWhenStoredValueIsOutside() {
        assertThat(clients.timeouts(new CallTimeouts("10m", "1ms")))
                .isEqualTo(new CallClients.Timeouts(CallTimeouts.LONGEST_CONNECT, CallTimeouts.SHORTEST));
        assertThat(clients.timeouts(new CallTimeouts("soon", "later")))
                .isEqualTo(new CallClients.Timeouts(CONNECT, CALL));
    }

    @Test
    void shouldDeriveClientSharingPoolDispatcherAndGuardWhenTimeoutsDiffer() {
        OkHttpClient derived = clients.client(clients.timeouts(new CallTimeouts("1s", "3s")));

        assertThat(derived).isNotSameAs(shared);
        assertThat(derived.connectTimeoutMillis()).isEqualTo(1000);
        assertThat(derived.callTimeoutMillis()).isEqualTo(3000);
        assertThat(derived.readTimeoutMillis()).isEqualTo(3000);
        assertThat(derived.connectionPool()).isSameAs(shared.connectionPool());
        assertThat(derived.dispatcher()).isSameAs(shared.dispatcher());
        assertThat(derived.dns()).isSameAs(guard);
        assertThat(derived.followRedirects()).isFalse();
    }

    @Test
    void shouldReuseDerivedClientWhenSameTimeoutsComeAgain() {
        OkHttpClient first = clients.client(clients.timeouts(new CallTimeouts("1s", "3s")));

        assertThat(clients.client(clients.timeouts(new CallTimeouts("1000ms", "3s"))))
                .isSameAs(first);
    }

    @Test
    void shouldKeepAtMostBoundedNumberOfDerivedClientsWhenManyPairsAreUsed() {
        for (int millis = 1000; millis < 1000 + CallClients.MAX_CACHED * 2; millis++) {
            clients.client(clients.timeouts(new CallTimeouts(null, millis + "ms")));
        }

        assertThat(clients.cached()).isEqualTo(CallClients.MAX_CACHED);
    }
}
