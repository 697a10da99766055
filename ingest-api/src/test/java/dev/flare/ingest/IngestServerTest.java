package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class IngestServerTest {

    @Test
    void shouldListenOnAFreePortWhenPortIsZero() {
        try (TestApi api = TestApi.start()) {
            assertThat(api.uri("/").getPort()).isPositive();
            assertThat(api.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseConnectionsWhenClosed() {
        TestApi api = TestApi.start();
        URI uri = api.uri("/");
        api.close();

        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
                    }
                })
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldServeRepeatedRequestsWhenOneClientReusesItsConnection() {
        try (TestApi api = TestApi.start()) {
            for (int i = 0; i < 50; i++) {
                assertThat(api.get("/health/live").status()).isEqualTo(200);
            }
        }
    }
}
