package io.masterflow.query.support;

import io.masterflow.testsupport.Api;
import io.masterflow.events.EventSerialization;
import io.masterflow.query.QuerySideApplication;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query sides of their own, for the tests that start, stop or multiply them (the shared test application cannot),
 * and the event store as the command side writes it, without any query side.
 */
public final class Nodes {

    private Nodes() {
    }

    /** A query side on {@code databaseUrl}, on a random port, with the test secret; more arguments as given. */
    public static ConfigurableApplicationContext start(String databaseUrl, String user, String password, String... arguments) {
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--masterflow.security.jwt.secret=" + Tokens.SECRET));
        all.addAll(List.of(arguments));
        return QuerySideApplication.application().run(all.toArray(String[]::new));
    }

    /**
     * Waits, through the node's read-your-writes wait, until its read model holds the flow's latest version. One wait
     * is at most 5 s; on a loaded machine, with segments moving between nodes, it may take a few.
     */
    public static void awaitProjected(ConfigurableApplicationContext node, Tenant tenant, FlowStory flow) {
        int port = node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        Api viewer = new Api(port, Tokens.viewer(tenant));
        Api.Response answer = null;
        for (int wait = 0; wait < 6 && (answer == null || answer.status() != 200 || answer.header("X-Read-Model-Stale") != null); wait++) {
            answer = viewer.get("/api/v1/flows/" + flow.id() + "?minVersion=" + flow.version() + "&waitMs=5000");
        }
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.header("X-Read-Model-Stale")).isNull();
    }

    /** The command side's event storage, as it appends: JDBC, the one serializer, each append its own transaction. */
    public static JdbcEventStorageEngine eventStorage(DataSource dataSource) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .dataType(byte[].class)
                .build();
    }
}
