package io.masterflow.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import io.masterflow.security.TokenIssuer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Futures answered over real HTTP, through the real security chain: a completed one without an asynchronous dispatch. */
@SpringBootTest(classes = CompletedFutureAnswersTest.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "masterflow.security.jwt.secret=" + CompletedFutureAnswersTest.SECRET)
class CompletedFutureAnswersTest {

    static final String SECRET = "test-secret-of-masterflow-at-least-32-bytes-long";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, AtomicInteger> ASYNC_DISPATCHES = new ConcurrentHashMap<>();

    record Answer(String when, int number) {
    }

    @RestController
    static class Answers {

        @GetMapping("/test/now")
        CompletableFuture<Answer> now() {
            return CompletableFuture.completedFuture(new Answer("now", 1));
        }

        @GetMapping("/test/later")
        CompletableFuture<Answer> later() {
            return CompletableFuture.supplyAsync(() -> new Answer("later", 2),
                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        }

        @GetMapping("/test/refused")
        CompletableFuture<Answer> refused() {
            return CompletableFuture.failedFuture(new InvalidRequest("number", "number must be positive"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Answers answers() {
            return new Answers();
        }

        @Bean
        ApiAuthorizations testAuthorizations() {
            return requests -> requests.requestMatchers("/test/**").hasAuthority(Roles.WORKER);
        }

        @Bean
        FilterRegistrationBean<Filter> asyncDispatchCounter() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                ASYNC_DISPATCHES.computeIfAbsent(((HttpServletRequest) request).getRequestURI(), uri -> new AtomicInteger()).incrementAndGet();
                chain.doFilter(request, response);
            });
            registration.setDispatcherTypes(EnumSet.of(DispatcherType.ASYNC));
            return registration;
        }
    }

    @LocalServerPort
    int port;

    private String token;

    @BeforeEach
    void token() {
        token = new TokenIssuer(SECRET).issue("user-worker", UUID.randomUUID(), List.of("*"), List.of(Roles.WORKER), Duration.ofMinutes(5));
        ASYNC_DISPATCHES.clear();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int asyncDispatches(String path) {
        return ASYNC_DISPATCHES.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void a_completed_future_is_answered_with_its_value_on_the_requests_own_dispatch() throws Exception {
        HttpResponse<String> answer = get("/test/now");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.valueToTree(new Answer("now", 1)));
        assertThat(asyncDispatches("/test/now")).isZero();
    }

    @Test
    void a_pending_future_is_answered_when_it_completes_through_an_asynchronous_dispatch() throws Exception {
        HttpResponse<String> answer = get("/test/later");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.valueToTree(new Answer("later", 2)));
        assertThat(asyncDispatches("/test/later")).isEqualTo(1);
    }

    @Test
    void a_failed_future_is_answered_as_its_failure_would_be() throws Exception {
        HttpResponse<String> answer = get("/test/refused");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("detail").asText()).contains("number must be positive");
    }
}
