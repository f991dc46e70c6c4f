package io.masterflow.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real HTTP calls to the application under test, as a client makes them, through its real security filter chain: a
 * bearer token, JSON in, JSON out. The one client of every module's tests and benchmarks (the JDK's).
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String token;
    private final Map<String, String> headers;

    public Api(int port, String token) {
        this("http://localhost:" + port, token, Map.of());
    }

    /** An application at another address than localhost, e.g. a started jar's {@code http://127.0.0.1:PORT}. */
    public Api(String baseUrl, String token) {
        this(baseUrl, token, Map.of());
    }

    private Api(String baseUrl, String token, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.headers = headers;
    }

    public Api as(String otherToken) {
        return new Api(baseUrl, otherToken, headers);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Api(baseUrl, token, more);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    /** A POST without a body. */
    public Response post(String path) {
        return send("POST", path, null);
    }

    /** A POST of a body written as JSON (a map, a record, a list). */
    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    /** A POST of JSON text as it is, for malformed or hand-written bodies; none for null. */
    public Response post(String path, String json) {
        return json == null ? send("POST", path, null) : exchange("POST", path, HttpRequest.BodyPublishers.ofString(json));
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, Object body) {
        if (body == null) {
            return exchange(method, path, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return exchange(method, path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the body as JSON", e);
        }
    }

    private Response exchange(String method, String path, HttpRequest.BodyPublisher body) {
        // every request says JSON, as the browser client and the TypeScript client do; a test may say otherwise
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        all.putAll(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method, body);
        all.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer: its status, headers and text, and the text read as JSON when it is JSON. */
    public record Response(int status, HttpHeaders headers, String text) {

        /** The body as JSON; a null node when the answer has no body or is not JSON (ndjson included). */
        public JsonNode body() {
            String type = contentType();
            if (text == null || text.isBlank() || !(type.isEmpty() || type.contains("json")) || type.contains("ndjson")) {
                return JSON.nullNode();
            }
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        /** A top-level field of the JSON body as text; empty when absent. */
        public String text(String field) {
            return body().path(field).asText();
        }

        /** A top-level field of the JSON body as text; null when absent. */
        public String field(String name) {
            return body().path(name).asText(null);
        }

        public long number(String field) {
            return body().path(field).asLong();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public String location() {
            return header("Location");
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }
}
