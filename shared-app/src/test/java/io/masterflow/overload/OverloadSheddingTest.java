package io.masterflow.overload;

import io.masterflow.security.ApiAuthorizations;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load shedding over real HTTP on a real Tomcat with one worker thread: while a slow request holds it, the next
 * request waits in Tomcat's queue; if it waited longer than masterflow.overload.max-queue-wait it is answered 503 with
 * Retry-After, and never reaches its controller.
 */
class OverloadSheddingTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        Slow.release.countDown();
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_request_that_waited_longer_than_the_limit_for_a_worker_is_refused_with_503_and_never_worked_on() throws Exception {
        int port = start("--masterflow.overload.max-queue-wait=300ms", "--masterflow.overload.retry-after=3s");

        CompletableFuture<HttpResponse<String>> slow = call(port, "/api/v1/slow");
        // a generous bound: the first request of a fresh application on a busy machine takes seconds to reach its
        // controller, and the latch returns as soon as it does
        assertThat(Slow.entered.await(60, TimeUnit.SECONDS)).as("the slow request holds the only worker").isTrue();
        CompletableFuture<HttpResponse<String>> queued = call(port, "/api/v1/fast");
        Thread.sleep(900);
        Slow.release.countDown();

        HttpResponse<String> refused = queued.get(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(refused.body()).contains("over capacity").contains("300 ms");
        assertThat(Fast.served.get()).as("the refused request was never worked on").isZero();
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        HttpResponse<String> inTime = call(port, "/api/v1/fast").get(10, TimeUnit.SECONDS);
        assertThat(inTime.statusCode()).as("a request that did not wait is served").isEqualTo(200);
        assertThat(Fast.served.get()).isEqualTo(1);

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("masterflow.overload.refused").counter().count()).isEqualTo(1);
        assertThat(meters.get("masterflow.overload.queue.wait").timer().max(TimeUnit.MILLISECONDS))
                .as("the refused request's wait is on record").isGreaterThanOrEqualTo(800);
    }

    @Test
    void a_request_that_waited_less_than_the_limit_is_served() throws Exception {
        int port = start("--masterflow.overload.max-queue-wait=5s");

        CompletableFuture<HttpResponse<String>> slow = call(port, "/api/v1/slow");
        assertThat(Slow.entered.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> queued = call(port, "/api/v1/fast");
        Thread.sleep(900);
        Slow.release.countDown();

        assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    private int start(String... arguments) {
        Slow.entered = new CountDownLatch(1);
        Slow.release = new CountDownLatch(1);
        Fast.served.set(0);
        app = new SpringApplicationBuilder(OneWorkerApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1",
                        "masterflow.security.jwt.secret=a-secret-of-at-least-thirty-two-bytes-for-hs256")
                .run(arguments);
        return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static CompletableFuture<HttpResponse<String>> call(int port, String path) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Slow.class, Fast.class})
    static class OneWorkerApplication {

        @Bean
        ApiAuthorizations openForThisTest() {
            return requests -> requests.requestMatchers("/api/v1/slow", "/api/v1/fast").permitAll();
        }
    }

    @RestController
    static class Slow {

        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @GetMapping("/api/v1/slow")
        String slow() throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "done";
        }
    }

    @RestController
    static class Fast {

        static final AtomicInteger served = new AtomicInteger();

        @GetMapping("/api/v1/fast")
        String fast() {
            served.incrementAndGet();
            return "done";
        }
    }
}
