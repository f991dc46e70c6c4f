package io.masterflow.legacy.support;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.TestTokens;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

/**
 * Base of the legacy layer's tests: the command and query sides in one process, as masterflow.jar runs them, with the
 * layer on their class path, over a real PostgreSQL database of their own and the real security chain.
 */
@SpringBootTest(classes = {CommandSideApplication.class, QuerySideApplication.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=command-side,query-side,application", "masterflow.scheduler.poll-interval=50ms",
                "masterflow.workers.recheck=100ms"})
public abstract class LegacyApplicationTest {

    /** How long a test waits for what the application does by itself (projections, in-process handlers). */
    protected static final Duration PATIENCE = Duration.ofSeconds(15);

    private static String database;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", LegacyApplicationTest::database);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("masterflow.security.jwt.secret", () -> TestTokens.SECRET);
    }

    /** One database for every context of this JVM: contexts that differ in settings share the event store. */
    private static synchronized String database() {
        if (database == null) {
            database = TestPostgres.newDatabase("legacy");
        }
        return database;
    }

    protected Api as(String token) {
        return new Api(port, token);
    }
}
