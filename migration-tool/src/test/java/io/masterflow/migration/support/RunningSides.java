package io.masterflow.migration.support;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.security.Roles;
import io.masterflow.security.TokenIssuer;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The real command and query sides on one database, as the default deployment runs them: the command side to make
 * native flows beside migrated ones, the query side to project both, and a wait until every projection has caught up.
 */
public final class RunningSides implements AutoCloseable {

    private static final String SECRET = "migration-test-secret-at-least-32-bytes-long";

    private final String url;
    private final ConfigurableApplicationContext commandSide;
    private final ConfigurableApplicationContext querySide;

    private RunningSides(String url, ConfigurableApplicationContext commandSide, ConfigurableApplicationContext querySide) {
        this.url = url;
        this.commandSide = commandSide;
        this.querySide = querySide;
    }

    public static RunningSides start(String url) {
        String[] args = arguments(url, TestDatabases.USER, TestDatabases.PASSWORD);
        ConfigurableApplicationContext command = CommandSideApplication.application().run(args);
        try {
            return new RunningSides(url, command, QuerySideApplication.application().run(args));
        } catch (RuntimeException e) {
            command.close();
            throw e;
        }
    }

    /** The query side alone, for a benchmark that only needs the read models filled. */
    public static ConfigurableApplicationContext querySide(String url, String user, String password) {
        return QuerySideApplication.application().run(arguments(url, user, password));
    }

    private static String[] arguments(String url, String user, String password) {
        return new String[]{"--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password, "--server.port=0", "--masterflow.security.jwt.secret=" + SECRET,
                "--spring.main.banner-mode=off"};
    }

    /**
     * Creates a flow through the command API; its id. Only created: a started phase would go on by itself (timeouts,
     * leases) while a test compares the database before and after.
     */
    public String createNativeFlow(UUID account, String engagement, String flowType) throws Exception {
        String token = new TokenIssuer(SECRET).issue("operator", account, List.of(engagement), List.of(Roles.FLOW_OPERATOR),
                Duration.ofHours(1));
        HttpResponse<String> created = post(token, engagement, "{\"flowType\":\"" + flowType + "\",\"name\":\"native\",\"configuration\":{}}");
        if (created.statusCode() != 201) {
            throw new AssertionError("could not create a flow: " + created.statusCode() + " " + created.body());
        }
        return created.body().replaceAll(".*\"flowId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private HttpResponse<String> post(String token, String engagement, String body) throws Exception {
        int port = ((WebServerApplicationContext) commandSide).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/flows"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("X-Engagement-Id", engagement)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until every segment of every projection stands at the store's last event. */
    public void awaitProjected() throws Exception {
        awaitProjected(url, Duration.ofSeconds(90));
    }

    /** Waits until every segment of every projection of the query side on {@code url} stands at the store's last event. */
    public static void awaitProjected(String url, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!caughtUp(url)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the query side did not catch up with the event store within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static boolean caughtUp(String url) throws SQLException {
        try (Connection connection = TestDatabases.connect(url); PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE token IS NULL OR (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint
                                              < (SELECT coalesce(max(globalindex), 0) FROM domainevententry)),
                       count(*)
                FROM query_token_entry WHERE processorname = ANY (?)""")) {
            query.setArray(1, connection.createArrayOf("varchar", QueryProcessors.ALL.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(2) > 0 && result.getLong(1) == 0;
            }
        }
    }

    @Override
    public void close() {
        querySide.close();
        commandSide.close();
    }
}
