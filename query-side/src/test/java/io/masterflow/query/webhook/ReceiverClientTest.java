package io.masterflow.query.webhook;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP client against a real server on loopback, reached under a made-up name that a test resolver maps: the
 * name's address is judged as the connection is made, redirects stay unfollowed, and a receiver can hold a sender
 * neither with a long answer nor with a slow one.
 */
class ReceiverClientTest {

    private static final String NAME = "receiver.example";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            switch (exchange.getRequestURI().getPath()) {
                case "/moved" -> {
                    exchange.getResponseHeaders().add("Location", url("/internal"));
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/long" -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream body = exchange.getResponseBody()) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int sent = 0; sent < 64 * 1024 * 1024; sent += chunk.length) {
                            body.write(chunk);
                        }
                    } catch (IOException clientLeft) {
                        // expected: the client stops reading after the start of the answer
                    }
                }
                case "/slow" -> {
                    sleep(Duration.ofSeconds(3));
                    exchange.sendResponseHeaders(200, -1);
                }
                default -> exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void the_connection_goes_to_the_address_the_resolver_judged_under_the_receivers_own_name() throws IOException {
        try (ReceiverClient client = client(true, Duration.ofSeconds(5))) {
            ReceiverClient.Answer answer = client.post(URI.create(url("/hook")), Map.of("X-Masterflow-Event", "FlowCompleted"), "{}");

            assertThat(answer.status()).isEqualTo(204);
            assertThat(answer.accepted()).isTrue();
            assertThat(hosts).containsExactly(NAME + ":" + server.getAddress().getPort());
        }
    }

    @Test
    void a_name_that_resolves_to_a_private_address_at_delivery_time_is_refused_without_connecting() throws IOException {
        try (ReceiverClient client = client(false, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.post(URI.create(url("/hook")), Map.of(), "{}"))
                    .isInstanceOf(ReceiverAddresses.Refused.class)
                    .satisfies(refused -> assertThat(DeliveryAttempts.describe((Exception) refused))
                            .isEqualTo("refused: " + NAME + " resolves to 127.0.0.1, a loopback address: receivers must have "
                                    + "public addresses unless masterflow.webhooks.allow-private-addresses is true"));
            assertThat(paths).isEmpty();
        }
    }

    @Test
    void a_redirect_is_an_answer_like_any_other_and_is_not_followed() throws IOException {
        try (ReceiverClient client = client(true, Duration.ofSeconds(5))) {
            ReceiverClient.Answer answer = client.post(URI.create(url("/moved")), Map.of(), "{}");

            assertThat(answer.status()).isEqualTo(302);
            assertThat(answer.accepted()).isFalse();
            assertThat(paths).containsExactly("/moved");
        }
    }

    @Test
    void only_the_start_of_a_long_answer_is_read() throws IOException {
        try (ReceiverClient client = client(true, Duration.ofSeconds(5))) {
            long started = System.nanoTime();
            ReceiverClient.Answer answer = client.post(URI.create(url("/long")), Map.of(), "{}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.excerpt()).hasSize(ReceiverClient.ANSWER_LIMIT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void a_receiver_that_does_not_answer_in_time_fails_the_attempt() throws IOException {
        try (ReceiverClient client = client(true, Duration.ofMillis(300))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.post(URI.create(url("/slow")), Map.of(), "{}")).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    private ReceiverClient client(boolean allowPrivate, Duration readTimeout) {
        ReceiverAddresses addresses = new ReceiverAddresses(allowPrivate, host -> {
            assertThat(host).isEqualTo(NAME);
            return new InetAddress[] {LOOPBACK};
        });
        return new ReceiverClient(addresses, Duration.ofSeconds(1), readTimeout, 2);
    }

    private String url(String path) {
        return "http://" + NAME + ":" + server.getAddress().getPort() + path;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
