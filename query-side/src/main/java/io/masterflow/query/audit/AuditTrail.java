package io.masterflow.query.audit;

import io.masterflow.events.EngagementId;
import io.masterflow.query.axon.StorableText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** The audit-trail read model: one row per event of the store, and the tombstones of archived flows. */
@Repository
public class AuditTrail {

    /** Rows the database sends per round trip while an export streams. */
    static final int EXPORT_FETCH_SIZE = 500;

    private static final String COLUMNS = """
            global_sequence, event_id, occurred_at, user_id, client_account_id, engagement_id, flow_id, flow_version,
            event_type, summary, correlation_id, causation_id, via""";

    /** The event type of an archived flow's tombstone entry: no event, the archival's record of it. */
    public static final String FLOW_ARCHIVED = "FlowArchived";

    /**
     * The trail as it is read: the events' entries, and one entry per archived flow, from its tombstone (query migration
     * V16) rather than from events, since the flow's events are gone and a rebuild of the trail would lose it. The
     * tombstone takes the place of the flow's last event, whose entry was forgotten with the others. PostgreSQL pushes
     * the conditions into both halves and merges them in global order on their indexes.
     */
    private static final String ENTRIES_AND_TOMBSTONES = "SELECT " + COLUMNS + " FROM audit_entry UNION ALL " + """
            SELECT last_global_index, 'archived:' || flow_id, archived_at, NULL, client_account_id, engagement_id, flow_id,
                   last_sequence, '%s', 'archived under the retention rule ' || rule || ': its events are in '
                   || archive_location, NULL, NULL, NULL
            FROM flow_tombstone""".formatted(FLOW_ARCHIVED);

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AuditTrail(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(EXPORT_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Records entries; one whose event (or global sequence) is recorded already is left as it is. */
    public void saveAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        SqlParameterSource[] rows = entries.stream().map(AuditTrail::parameters).toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("INSERT INTO audit_entry (" + COLUMNS + """
                ) VALUES (:globalSequence, :eventId, :occurredAt, :userId, :account, :engagement, :flowId, :flowVersion,
                          :eventType, :summary, :correlationId, :causationId, :via)
                ON CONFLICT DO NOTHING""", rows);
    }

    /** Up to {@code limit} entries after {@code query.after()}; one more is read to tell whether a next page exists. */
    public List<AuditEntry> page(AuditQuery query, int limit) {
        Sql sql = select(query);
        sql.parameters.addValue("limit", limit + 1);
        return jdbc.query(sql.text + " LIMIT :limit", sql.parameters, (row, number) -> entry(row));
    }

    /**
     * Hands every matching entry to {@code sink}, in order, without holding them: PostgreSQL sends rows in
     * batches of {@value #EXPORT_FETCH_SIZE} only inside a transaction, hence the read-only one.
     */
    public void forEach(AuditQuery query, Consumer<AuditEntry> sink) {
        Sql sql = select(query);
        readOnly.executeWithoutResult(status -> streaming.query(sql.text, sql.parameters, row -> {
            sink.accept(entry(row));
        }));
    }

    private record Sql(String text, MapSqlParameterSource parameters) {
    }

    private static Sql select(AuditQuery query) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("account", query.account().value());
        List<String> conditions = new ArrayList<>(List.of("client_account_id = :account"));
        if (!query.scope().all()) {
            if (query.scope().engagements().isEmpty()) {
                conditions.add("FALSE");
            } else {
                conditions.add("engagement_id IN (:scope)");
                parameters.addValue("scope", query.scope().engagements().stream().map(EngagementId::value).toList());
            }
        }
        if (query.flowId() != null) {
            conditions.add("flow_id = :flowId");
            parameters.addValue("flowId", query.flowId());
        }
        if (query.userId() != null) {
            conditions.add("user_id = :userId");
            parameters.addValue("userId", query.userId());
        }
        if (query.eventType() != null) {
            conditions.add("event_type = :eventType");
            parameters.addValue("eventType", query.eventType());
        }
        if (query.from() != null) {
            conditions.add("occurred_at >= :from");
            parameters.addValue("from", timestamp(query.from()));
        }
        if (query.to() != null) {
            conditions.add("occurred_at < :to");
            parameters.addValue("to", timestamp(query.to()));
        }
        if (query.after() != null) {
            conditions.add("global_sequence > :after");
            parameters.addValue("after", query.after());
        }
        return new Sql("SELECT " + COLUMNS + " FROM (" + ENTRIES_AND_TOMBSTONES + ") AS trail WHERE "
                + String.join(" AND ", conditions) + " ORDER BY global_sequence", parameters);
    }

    private static MapSqlParameterSource parameters(AuditEntry entry) {
        return new MapSqlParameterSource()
                .addValue("globalSequence", entry.globalSequence())
                .addValue("eventId", StorableText.of(entry.eventId()))
                .addValue("occurredAt", timestamp(entry.occurredAt()))
                .addValue("userId", StorableText.of(entry.userId()))
                .addValue("account", uuid(entry.clientAccountId()))
                .addValue("engagement", uuid(entry.engagementId()))
                .addValue("flowId", StorableText.of(entry.flowId()))
                .addValue("flowVersion", entry.flowVersion())
                .addValue("eventType", StorableText.of(entry.eventType()))
                .addValue("summary", StorableText.of(entry.summary()))
                .addValue("correlationId", StorableText.of(entry.correlationId()))
                .addValue("causationId", StorableText.of(entry.causationId()))
                .addValue("via", StorableText.of(entry.via()));
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        long flowVersion = row.getLong("flow_version");
        Long version = row.wasNull() ? null : flowVersion;
        return new AuditEntry(row.getLong("global_sequence"), row.getString("event_id"),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(), row.getString("user_id"),
                row.getString("client_account_id"), row.getString("engagement_id"), row.getString("flow_id"), version,
                row.getString("event_type"), row.getString("summary"), row.getString("correlation_id"),
                row.getString("causation_id"), row.getString("via"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Metadata is written by the server, but an event without a well-formed tenant is kept, visible to nobody. */
    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
