package io.masterflow.standalone.dashboard;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A webhook receiver on loopback, as a customer runs one: it keeps the body of each delivery it gets and answers with
 * the status the test sets (200 unless told otherwise).
 */
final class LoopbackReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A delivery as it arrived (its raw body and signature headers), and what it was answered. */
    record Request(String raw, JsonNode body, String timestamp, String signature, int answered) {

        /** Whether its signature is the HMAC-SHA256 of "timestamp.body" with that secret, as a receiver checks it. */
        boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] digest = mac.doFinal((timestamp + "." + raw).getBytes(StandardCharsets.UTF_8));
                return ("sha256=" + HexFormat.of().formatHex(digest)).equals(signature);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile int status = 200;

    private LoopbackReceiver(HttpServer server) {
        this.server = server;
    }

    static LoopbackReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LoopbackReceiver receiver = new LoopbackReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test receiver", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** How it answers from now on. */
    LoopbackReceiver answering(int status) {
        this.status = status;
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The deliveries it accepted of that flow's events of that type. */
    List<Request> accepted(String flowId, String eventType) {
        return requests().stream().filter(request -> request.answered() / 100 == 2
                && request.body().path("flowId").asText().equals(flowId) && request.body().path("eventType").asText().equals(eventType))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int answer = status;
            synchronized (requests) {
                requests.add(new Request(raw, JSON.readTree(raw), exchange.getRequestHeaders().getFirst("X-Masterflow-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Masterflow-Signature"), answer));
            }
            exchange.sendResponseHeaders(answer, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
