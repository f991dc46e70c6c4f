package io.masterflow.migration.support;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real command and query sides on one database, as the default deployment runs them: the command side to make
 * native flows beside migrated ones, the query side to project both, and a wait until every projection has caught up.
 */
public final class RunningSides implements AutoCloseable {

    private static final String SECRET = TestTokens.SECRET;

    private final String url;
    private final ConfigurableApplicationContext commandSide;
    private final ConfigurableApplicationContext querySide;

    private RunningSides(String url, ConfigurableApplicationContext commandSide, ConfigurableApplicationContext querySide) {
        this.url = url;
        this.commandSide = commandSide;
        this.querySide = querySide;
    }

    public static RunningSides start(String url, String... properties) {
        List<String> all = new ArrayList<>(List.of(arguments(url, TestDatabases.USER, TestDatabases.PASSWORD)));
        all.addAll(List.of(properties));
        String[] args = all.toArray(String[]::new);
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
    public String createNativeFlow(UUID account, String engagement, String flowType) {
        int port = ((WebServerApplicationContext) commandSide).getWebServer().getPort();
        Api operator = new Api(port, TestTokens.token("operator", account, List.of(engagement), Roles.FLOW_OPERATOR))
                .withHeader("X-Engagement-Id", engagement);
        Api.Response created = operator.post("/api/v1/flows", Map.of("flowType", flowType, "name", "native", "configuration", Map.of()));
        if (created.status() != 201) {
            throw new AssertionError("could not create a flow: " + created);
        }
        return created.text("flowId");
    }

    /** The command side's HTTP port. */
    public int commandPort() {
        return ((WebServerApplicationContext) commandSide).getWebServer().getPort();
    }

    /** The query side's HTTP port. */
    public int queryPort() {
        return ((WebServerApplicationContext) querySide).getWebServer().getPort();
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
            query.setArray(1, connection.createArrayOf("varchar", QueryProcessors.PROCESSORS.toArray()));
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
