package io.masterflow.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * A webhook receiver on loopback, as a customer would run one: it records every request it gets and answers with the
 * status the test decides. Its signature check is written here from the documented format, not borrowed from the
 * code that signs.
 */
public final class Receiver implements AutoCloseable {

    /**
     * The webhook settings test applications run with: receivers on loopback allowed, retries milliseconds apart. The
     * retry window stays a day; tests that need it over move a delivery's first attempt back instead of waiting.
     */
    public static final Map<String, String> TEST_SETTINGS = Map.of(
            "masterflow.webhooks.allow-private-addresses", "true",
            "masterflow.webhooks.initial-backoff", "100ms",
            "masterflow.webhooks.max-backoff", "400ms",
            "masterflow.webhooks.poll-interval", "100ms");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived, and the status it was answered with. */
    public record Request(Instant receivedAt, Map<String, String> headers, String body, int answered) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What a receiver checks: HMAC-SHA256 with the secret of "<timestamp>.<raw body>", as lower-case hex after "sha256=". */
        public boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(
                        (header("X-Masterflow-Timestamp") + "." + body).getBytes(StandardCharsets.UTF_8)));
                return expected.equals(header("X-Masterflow-Signature"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile ToIntFunction<Request> answer = request -> 200;

    private Receiver(HttpServer server) {
        this.server = server;
    }

    public static Receiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test receiver", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** How it answers from now on: a status for each request (its {@code answered} is not known yet and is 0). */
    public Receiver answering(ToIntFunction<Request> answer) {
        this.answer = answer;
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits, 20 seconds at most, until the requests received so far satisfy {@code done}; answers them. */
    public List<Request> await(Predicate<List<Request>> done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<Request> received = requests();
            if (done.test(received)) {
                return received;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; received " + received);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> String.join(",", entry.getValue()),
                (first, second) -> first, TreeMap::new));
        Request arrived = new Request(Instant.now(), headers, body, 0);
        int status = answer.applyAsInt(arrived);
        synchronized (requests) {
            requests.add(new Request(arrived.receivedAt(), headers, body, status));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
