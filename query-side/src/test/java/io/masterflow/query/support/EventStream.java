package io.masterflow.query.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server-sent events connection over real HTTP, read as a browser's EventSource reads it: events are dispatched
 * at each blank line, and an {@code id} field moves the last event id even on a block without data (a heartbeat).
 */
public final class EventStream implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** One dispatched event: its id, its name ({@code message} when none was given) and its data. */
    public record Event(String id, String name, String data) {
    }

    private final int status;
    private final String body;
    private final Stream<String> lines;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile String lastEventId;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        if (status != 200) {
            this.body = String.join("\n", response.body().toList());
            this.lines = Stream.empty();
            return;
        }
        this.body = null;
        this.lines = response.body();
        Thread reader = new Thread(this::read, "test-event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} with the token and, when not null, a Last-Event-ID header. */
    public static EventStream open(int port, String token, String path, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                // bounds the wait for the response's headers only, not the stream
                .timeout(Duration.ofSeconds(10)).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + path, e);
        }
    }

    public int status() {
        return status;
    }

    /** The body of an answer that was not a stream. */
    public String body() {
        return body;
    }

    /** The id a reconnecting EventSource would send. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Waits until the server has sent something with an id: the stream is then registered and reading. */
    public EventStream awaitOpen() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lastEventId == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stream sent nothing with an id in time");
            }
            sleep(10);
        }
        return this;
    }

    /** Events in arrival order up to and including the first that matches, within 15 seconds. */
    public List<Event> until(Predicate<Event> last) {
        List<Event> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Event event = poll(Duration.ofNanos(deadline - System.nanoTime()));
            if (event == null) {
                throw new AssertionError("timed out waiting for an event; received " + received);
            }
            received.add(event);
            if (last.test(event)) {
                return received;
            }
        }
    }

    /** The next event, or null if none arrives within {@code wait}. */
    public Event poll(Duration wait) {
        try {
            return events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        lines.close();
    }

    private void read() {
        StringBuilder data = new StringBuilder();
        String[] name = {null};
        String[] id = {null};
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (id[0] != null) {
                        lastEventId = id[0];
                    }
                    if (!data.isEmpty()) {
                        events.add(new Event(lastEventId, name[0] == null ? "message" : name[0], data.toString()));
                    }
                    data.setLength(0);
                    name[0] = null;
                    return;
                }
                if (line.startsWith(":")) {
                    return;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> id[0] = value;
                    case "event" -> name[0] = value;
                    case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                    default -> {
                    }
                }
            });
        } catch (RuntimeException closed) {
            // the test closed the connection
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
