package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.ConnectorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostSlotsTest {

    private static final int PER_HOST = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient client = HttpClients.create(
            new AddressGuard(
                    new ConnectorConfig(Map.of(ConnectorConfig.ALLOWED_CIDRS, "127.0.0.0/8,::1/128")).allowedCidrs()),
            TIMEOUT,
            TIMEOUT,
            64,
            PER_HOST);
    private final CallClients clients = new CallClients(client, TIMEOUT, TIMEOUT);

    @BeforeEach
    void setUp() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().equals("/slow")) {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    release.await(20, TimeUnit.SECONDS);
                    running.decrementAndGet();
                }
                return new MockResponse.Builder().code(200).build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        HttpClients.shutdown(client);
        server.close();
    }

    @Test
    void shouldKeepCallsBeyondPerHostLimitOutOfOkHttpUntilOthersToThatHostFinish() throws Exception {
        List<CompletableFuture<Integer>> answers =
                IntStream.range(0, 6).mapToObj(i -> send("127.0.0.1", "/slow")).toList();

        Await.until(() -> running.get() == PER_HOST, Duration.ofSeconds(10));
        assertThat(clients.waitingForHost()).isEqualTo(4);
        assertThat(client.dispatcher().queuedCallsCount())
                .as("OkHttp holds only the calls it may run")
                .isZero();

        release.countDown();

        for (CompletableFuture<Integer> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        }
        assertThat(mostRunning.get()).isEqualTo(PER_HOST);
        assertThat(clients.waitingForHost()).isZero();
    }

    @Test
    void shouldCallAnotherHostWhileOneHostIsAtItsLimit() throws Exception {
        List<CompletableFuture<Integer>> busy =
                IntStream.range(0, 4).mapToObj(i -> send("127.0.0.1", "/slow")).toList();
        Await.until(() -> running.get() == PER_HOST, Duration.ofSeconds(10));

        assertThat(send("localhost", "/quick").get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(busy).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void shouldFailEveryWaitingCallWhenClientStopsHoweverManyWait() throws Exception {
        List<CompletableFuture<Integer>> answers = IntStream.range(0, 20_000)
                .mapToObj(i -> send("127.0.0.1", "/slow"))
                .toList();
        Await.until(() -> running.get() == PER_HOST, Duration.ofSeconds(10));

        HttpClients.shutdown(client);

        for (CompletableFuture<Integer> answer : answers) {
            assertThat(answer)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat()
                    .havingRootCause()
                    .isInstanceOf(IOException.class);
        }
        assertThat(clients.waitingForHost()).isZero();
    }

    private CompletableFuture<Integer> send(String host, String path) {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        Request request = new Request.Builder()
                .url("http://" + host + ":" + server.getPort() + path)
                .build();
        clients.enqueue(clients.timeouts(null), request, new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    answer.complete(response.code());
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
