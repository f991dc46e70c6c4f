package io.masterflow.standalone;

import com.sun.net.httpserver.HttpServer;
import io.masterflow.security.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.tracing.enabled=true} and nothing else, one trace follows a request from HTTP through its
 * command, the events stored (their metadata carries it) and the projections that handle them, and the spans reach an
 * OTLP receiver: here a bare HTTP server standing in for a collector, which decodes just enough of the protobuf to read
 * each span's trace id and name.
 */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    static Path dataDir;
    private static HttpServer collector;
    private static final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private static ConfigurableApplicationContext quickstart;

    @BeforeAll
    static void start() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                exports.add("gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes() : bytes);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        quickstart = MasterflowApplication.run("--server.port=0", "--masterflow.data-dir=" + dataDir,
                "--management.tracing.enabled=true",
                "--management.otlp.tracing.endpoint=http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stop() {
        if (quickstart != null) {
            quickstart.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void one_trace_runs_from_the_request_through_the_command_and_its_events_to_the_projections() throws Exception {
        TokenIssuer issuer = new TokenIssuer(quickstart.getEnvironment().getRequiredProperty(DevSigningSecret.SECRET_PROPERTY));
        String token = issuer.issue(DemoTenant.USER, DemoTenant.ACCOUNT, List.of(DemoTenant.ENGAGEMENT.toString()),
                DemoTenant.ROLES, DemoTenant.VALIDITY);
        int port = ((WebServerApplicationContext) quickstart).getWebServer().getPort();
        HttpResponse<String> created = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/flows"))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Engagement-Id", DemoTenant.ENGAGEMENT.toString())
                        .header("Content-Type", "application/json")
                        .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"flowType\":\"finops\",\"name\":\"traced\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher flowId = Pattern.compile("\"flowId\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        assertThat(flowId.find()).as(created.body()).isTrue();

        JdbcTemplate jdbc = new JdbcTemplate(quickstart.getBean(DataSource.class));
        List<String> metadata = jdbc.queryForList(
                "select convert_from(metadata, 'UTF8') from domainevententry where aggregateidentifier = ? order by sequencenumber",
                String.class, flowId.group(1));
        assertThat(metadata).as("the flow's stored events").isNotEmpty()
                .allSatisfy(stored -> assertThat(stored).contains("traceparent").contains(TRACE_ID));

        List<Span> ours = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ours.clear();
            exports.forEach(export -> spans(export).stream().filter(span -> span.traceId().equals(TRACE_ID)).forEach(ours::add));
            if (ours.stream().anyMatch(span -> span.name().startsWith("command "))
                    && ours.stream().anyMatch(span -> span.name().startsWith("projections "))) {
                break;
            }
            Thread.sleep(250);
        }
        List<String> names = ours.stream().map(Span::name).toList();
        assertThat(names).as("the spans of the caller's trace")
                .anyMatch(name -> name.startsWith("http post"))
                .anyMatch(name -> name.startsWith("command "))
                // one span per event for the four projections, which one processor handles in one batch
                .anyMatch(name -> name.equals("projections FlowCreated"))
                .anyMatch(name -> name.startsWith("webhooks "));
    }

    record Span(String traceId, String name) {
    }

    /** ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2), each with trace_id (1) and name (5). */
    private static List<Span> spans(byte[] export) {
        List<Span> spans = new ArrayList<>();
        for (byte[] resourceSpans : fields(export, 1)) {
            for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                for (byte[] span : fields(scopeSpans, 2)) {
                    List<byte[]> traceId = fields(span, 1);
                    List<byte[]> name = fields(span, 5);
                    if (!traceId.isEmpty() && !name.isEmpty()) {
                        spans.add(new Span(HexFormat.of().formatHex(traceId.get(0)), new String(name.get(0), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return spans;
    }

    /** The length-delimited fields of one number in a protobuf message; the others are skipped. */
    private static List<byte[]> fields(byte[] message, int number) {
        List<byte[]> found = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long key = varint(message, at);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> varint(message, at);
                case 1 -> at[0] += 8;
                case 5 -> at[0] += 4;
                case 2 -> {
                    int length = (int) varint(message, at);
                    if (key >>> 3 == number) {
                        ByteArrayOutputStream field = new ByteArrayOutputStream();
                        field.write(message, at[0], length);
                        found.add(field.toByteArray());
                    }
                    at[0] += length;
                }
                default -> throw new IllegalStateException("wire type " + wireType + " in an OTLP export");
            }
        }
        return found;
    }

    private static long varint(byte[] message, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = message[at[0]++];
            value |= (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
    }
}
