package io.masterflow.migration.retention;

import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseStarted;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a retention run would archive, read from the event store and nothing written: the flows whose last change of
 * status finished them (FlowCompleted) or deleted them (FlowDeleted) and whose last event of any kind is older than
 * their type's rule, counted per account and type.
 *
 * <p>A failed flow is not finished: it can be rewound. A flow whose status changed again after its completion (a
 * rewind) is judged by that later change.
 */
public final class RetentionDryRun {

    /** The events that set a flow's status: the latest of them says where the flow stands. */
    static final List<String> STATUS_EVENTS = List.of(FlowCreated.class.getName(), LegacyFlowImported.class.getName(),
            PhaseStarted.class.getName(), FlowPaused.class.getName(), FlowResumed.class.getName(), FlowFailed.class.getName(),
            FlowRewound.class.getName(), FlowCompleted.class.getName(), FlowDeleted.class.getName());

    /**
     * The flows the rules would archive as of a time ({@code eligible}: flow_id, account_id, flow_type, completed,
     * last_at); {@link #bind} fills its parameters.
     */
    static final String ELIGIBLE = """
            WITH flow_status AS (
                SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier AS flow_id, payloadtype
                FROM domainevententry WHERE payloadtype = ANY (?)
                ORDER BY aggregateidentifier, sequencenumber DESC),
            last_event AS (
                SELECT aggregateidentifier AS flow_id, max(timestamp::timestamptz) AS at
                FROM domainevententry GROUP BY aggregateidentifier),
            first_event AS (
                SELECT aggregateidentifier AS flow_id,
                       convert_from(metadata, 'UTF8')::jsonb ->> '%s' AS account_id,
                       convert_from(payload, 'UTF8')::jsonb -> 'flowType' ->> 'type' AS flow_type
                FROM domainevententry WHERE sequencenumber = 0),
            eligible AS (
                SELECT flow_id, first_event.account_id, first_event.flow_type,
                       flow_status.payloadtype = ? AS completed, last_event.at AS last_at
                FROM flow_status
                JOIN last_event USING (flow_id)
                JOIN first_event USING (flow_id)
                LEFT JOIN unnest(?::text[], ?::int[]) AS rule(flow_type, days) ON rule.flow_type = first_event.flow_type
                WHERE flow_status.payloadtype IN (?, ?)
                  AND last_event.at < ?::timestamptz - make_interval(days => COALESCE(rule.days, ?::int)))
            """.formatted(MetaDataKeys.CLIENT_ACCOUNT_ID);

    static void bind(PreparedStatement query, RetentionRules rules, Instant asOf) throws SQLException {
        Connection connection = query.getConnection();
        int index = 1;
        query.setArray(index++, connection.createArrayOf("varchar", STATUS_EVENTS.toArray()));
        query.setString(index++, FlowCompleted.class.getName());
        query.setArray(index++, connection.createArrayOf("text", rules.types().toArray()));
        query.setArray(index++, connection.createArrayOf("int4", rules.days().toArray()));
        query.setString(index++, FlowCompleted.class.getName());
        query.setString(index++, FlowDeleted.class.getName());
        query.setTimestamp(index++, Timestamp.from(asOf));
        if (rules.defaultDays() == null) {
            query.setNull(index, java.sql.Types.INTEGER);
        } else {
            query.setInt(index, rules.defaultDays());
        }
    }

    /** One account's flows of one type that would go, finished and deleted apart. */
    public record Group(String accountId, String flowType, long completed, long deleted, Instant oldest, Instant newest) {

        public long flows() {
            return completed + deleted;
        }
    }

    /** Everything the dry run found. */
    public record Result(Instant asOf, RetentionRules rules, List<Group> groups, long flowsInStore) {

        public long flows() {
            return groups.stream().mapToLong(Group::flows).sum();
        }

        public void print(PrintStream out) {
            out.printf(Locale.ROOT, "retention dry run as of %s, rules %s: %d of %d flows in the store would be archived "
                    + "(nothing was changed)%n", asOf, rules.describe(), flows(), flowsInStore);
            for (Group group : groups) {
                out.printf(Locale.ROOT, "  account %s type %s: %d flows (%d completed, %d deleted), last activity %s .. %s%n",
                        group.accountId(), group.flowType(), group.flows(), group.completed(), group.deleted(),
                        group.oldest(), group.newest());
            }
        }
    }

    private RetentionDryRun() {
    }

    /** One pass over the store, in one read-only transaction. */
    public static Result run(Connection connection, RetentionRules rules, Instant asOf) throws SQLException {
        String sql = ELIGIBLE + """
                SELECT account_id, flow_type, count(*) FILTER (WHERE completed), count(*) FILTER (WHERE NOT completed),
                       min(last_at), max(last_at)
                FROM eligible GROUP BY 1, 2 ORDER BY 1, 2""";
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        try {
            List<Group> groups = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                bind(query, rules, asOf);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        groups.add(new Group(result.getString(1), result.getString(2), result.getLong(3), result.getLong(4),
                                result.getTimestamp(5).toInstant(), result.getTimestamp(6).toInstant()));
                    }
                }
            }
            long flowsInStore;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM domainevententry WHERE sequencenumber = 0");
                 ResultSet result = count.executeQuery()) {
                result.next();
                flowsInStore = result.getLong(1);
            }
            connection.commit();
            return new Result(asOf, rules, groups, flowsInStore);
        } finally {
            connection.rollback();
            connection.setReadOnly(false);
            connection.setAutoCommit(autoCommit);
        }
    }
}
