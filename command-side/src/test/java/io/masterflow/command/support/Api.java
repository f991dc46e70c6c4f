package io.masterflow.command.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Real HTTP calls to the running application, through its real security filter chain. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String token;
    private final Map<String, String> headers;
    private final boolean blocking;

    public Api(int port, String token) {
        this("http://localhost:" + port, token, Map.of(), false);
    }

    private Api(String baseUrl, String token, Map<String, String> headers, boolean blocking) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.headers = headers;
        this.blocking = blocking;
    }

    public Api as(String otherToken) {
        return new Api(baseUrl, otherToken, headers, blocking);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Api(baseUrl, token, more, blocking);
    }

    /**
     * The same calls, each answered on the calling thread over a kept-alive connection of its own. The shared JDK
     * client hands every answer from its selector thread to another thread, and those hand-offs are part of what a
     * benchmark timing its calls measures: the harness, not the server.
     */
    public Api blocking() {
        return new Api(baseUrl, token, headers, true);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends raw text as the JSON body, for malformed-input tests. */
    public Response postRaw(String path, String rawJson) {
        return exchange(request(path).POST(HttpRequest.BodyPublishers.ofString(rawJson)).build());
    }

    public Response send(String method, String path, Object body) {
        if (blocking) {
            return sendBlocking(method, path, body);
        }
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            return exchange(request(path).method(method, publisher).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        requestHeaders().forEach(builder::header);
        return builder;
    }

    private Map<String, String> requestHeaders() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        all.putAll(headers);
        return all;
    }

    private Response sendBlocking(String method, String path, Object body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            connection.setRequestMethod(method);
            requestHeaders().forEach(connection::setRequestProperty);
            if (body != null) {
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    JSON.writeValue(out, body);
                }
            }
            int status = connection.getResponseCode();
            // read to the end, so that the connection goes back to the keep-alive cache
            byte[] answer;
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            JsonNode json = answer.length == 0 ? JSON.nullNode() : JSON.readTree(answer);
            return new Response(status, json, Objects.requireNonNullElse(connection.getContentType(), ""),
                    connection.getHeaderField("Location"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, JsonNode body, String contentType, String location) {

        public String text(String field) {
            return body.path(field).asText();
        }

        public long number(String field) {
            return body.path(field).asLong();
        }
    }
}
