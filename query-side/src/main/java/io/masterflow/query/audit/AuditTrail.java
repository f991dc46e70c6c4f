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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
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
     * An archived flow's entry in the trail, from its tombstone (query migration V16) rather than from events: the
     * flow's events are gone, and a rebuild of the trail would lose it. It takes the place of the flow's last event, whose
     * entry was forgotten with the others. Read apart from {@code audit_entry} and merged in global order: a union of
     * the two in one query is sorted whole before its limit (98 ms instead of an index scan for 25,000 entries of an
     * account), and an export would be sorted whole before its first row.
     */
    private static final String TOMBSTONES = """
            SELECT last_global_index AS global_sequence, 'archived:' || flow_id AS event_id, archived_at AS occurred_at,
                   NULL::varchar AS user_id, client_account_id, engagement_id, flow_id, last_sequence AS flow_version,
                   '%s'::varchar AS event_type, 'archived under the retention rule ' || rule || ': its events are in '
                   || archive_location AS summary, NULL::varchar AS correlation_id, NULL::varchar AS causation_id,
                   NULL::varchar AS via
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
        List<AuditEntry> entries = new ArrayList<>();
        for (String table : List.of("audit_entry", "(" + TOMBSTONES + ") AS tombstone")) {
            Sql sql = select(table, query);
            sql.parameters.addValue("limit", limit + 1);
            entries.addAll(jdbc.query(sql.text + " LIMIT :limit", sql.parameters, (row, number) -> entry(row)));
        }
        entries.sort(Comparator.comparingLong(AuditEntry::globalSequence));
        return entries.size() > limit + 1 ? entries.subList(0, limit + 1) : entries;
    }

    /**
     * Hands every matching entry to {@code sink}, in order, without holding them: PostgreSQL sends rows in
     * batches of {@value #EXPORT_FETCH_SIZE} only inside a transaction, hence the read-only one. The tombstones (one
     * per archived flow) are read first and merged in as the entries stream by.
     */
    public void forEach(AuditQuery query, Consumer<AuditEntry> sink) {
        Sql tombstones = select("(" + TOMBSTONES + ") AS tombstone", query);
        Sql sql = select("audit_entry", query);
        readOnly.executeWithoutResult(status -> {
            Deque<AuditEntry> archived = new ArrayDeque<>(jdbc.query(tombstones.text, tombstones.parameters,
                    (row, number) -> entry(row)));
            streaming.query(sql.text, sql.parameters, row -> {
                AuditEntry entry = entry(row);
                while (!archived.isEmpty() && archived.peekFirst().globalSequence() < entry.globalSequence()) {
                    sink.accept(archived.removeFirst());
                }
                sink.accept(entry);
            });
            archived.forEach(sink);
        });
    }

    private record Sql(String text, MapSqlParameterSource parameters) {
    }

    private static Sql select(String table, AuditQuery query) {
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
        return new Sql("SELECT " + COLUMNS + " FROM " + table + " WHERE " + String.join(" AND ", conditions)
                + " ORDER BY global_sequence", parameters);
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
