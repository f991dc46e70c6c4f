package io.masterflow.query.flow;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/**
 * Lists a tenant's flows page by page. Each page is one range scan of an index that starts with the account
 * (see V1__flow_status.sql): the sort column and the flow id, compared as a pair with the previous page's last row.
 */
@Repository
public class FlowList {

    private final NamedParameterJdbcTemplate jdbc;

    public FlowList(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public FlowPage page(FlowListQuery query) {
        if (query.scope().grantsNone()) {
            return new FlowPage(List.of(), null);
        }
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        List<String> conditions = conditions(query, parameters);
        String column = query.sort().field().column();
        String direction = query.sort().descending() ? "DESC" : "ASC";
        if (query.after() != null) {
            Object value = query.after().value();
            String afterValue = value instanceof String ? "lower(:afterValue)" : ":afterValue";
            conditions.add("(" + column + ", flow_id) " + (query.sort().descending() ? "<" : ">") + " (" + afterValue + ", :afterId)");
            parameters.addValue("afterValue", value instanceof Instant at ? timestamp(at) : value);
            parameters.addValue("afterId", query.after().flowId());
        }
        parameters.addValue("limit", query.limit() + 1);
        String sql = "SELECT " + FlowStatusRepository.FLOW_COLUMNS + " FROM flow_status WHERE "
                + String.join(" AND ", conditions)
                + " ORDER BY " + column + " " + direction + ", flow_id " + direction + " LIMIT :limit";

        List<FlowSummary> rows = jdbc.query(sql, parameters, (row, number) -> summary(row));
        if (rows.size() <= query.limit()) {
            return new FlowPage(rows, null);
        }
        List<FlowSummary> page = rows.subList(0, query.limit());
        FlowSummary last = page.get(page.size() - 1);
        return new FlowPage(page, new FlowListQuery.After(sortValue(last, query.sort().field()), last.flowId().value()));
    }

    /** The query's filters, the caller's scope included, as SQL conditions on flow_status; the keyset position apart. */
    private static List<String> conditions(FlowListQuery query, MapSqlParameterSource parameters) {
        parameters.addValue("account", query.account().value());
        List<String> conditions = new ArrayList<>(List.of("client_account_id = :account"));
        if (!query.scope().all()) {
            conditions.add("engagement_id IN (:scope)");
            parameters.addValue("scope", query.scope().engagements().stream().map(EngagementId::value).toList());
        }
        if (query.engagement() != null) {
            conditions.add("engagement_id = :engagement");
            parameters.addValue("engagement", query.engagement().value());
        }
        if (query.flowType() != null) {
            conditions.add("flow_type = :flowType");
            parameters.addValue("flowType", query.flowType());
        }
        if (!query.statuses().isEmpty()) {
            conditions.add("status IN (:statuses)");
            parameters.addValue("statuses", query.statuses().stream().map(FlowStatus::name).toList());
        }
        if (query.phase() != null) {
            conditions.add("current_phase = :phase");
            parameters.addValue("phase", query.phase());
        }
        if (query.text() != null) {
            conditions.add("name ILIKE :text ESCAPE '\\'");
            parameters.addValue("text", "%" + likeLiteral(query.text()) + "%");
        }
        if (query.createdFrom() != null) {
            conditions.add("created_at >= :createdFrom");
            parameters.addValue("createdFrom", timestamp(query.createdFrom()));
        }
        if (query.createdTo() != null) {
            conditions.add("created_at < :createdTo");
            parameters.addValue("createdTo", timestamp(query.createdTo()));
        }
        if (!query.showsDeleted()) {
            conditions.add("NOT deleted");
        }
        return conditions;
    }

    /**
     * For clients that page by offset and show a total: the query's flows after the first {@code offset} in its order
     * (the query's keyset position is not used), at most its limit of them, and how many match in all. Unlike a
     * keyset page, its cost grows with the offset, and flows added meanwhile shift the pages.
     */
    public OffsetPage offsetPage(FlowListQuery query, long offset) {
        if (query.scope().grantsNone()) {
            return new OffsetPage(List.of(), 0);
        }
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        String where = String.join(" AND ", conditions(query, parameters));
        Long total = jdbc.queryForObject("SELECT count(*) FROM flow_status WHERE " + where, parameters, Long.class);
        String direction = query.sort().descending() ? "DESC" : "ASC";
        parameters.addValue("limit", query.limit()).addValue("offset", offset);
        List<FlowSummary> rows = jdbc.query("SELECT " + FlowStatusRepository.FLOW_COLUMNS + " FROM flow_status WHERE " + where
                + " ORDER BY " + query.sort().field().column() + " " + direction + ", flow_id " + direction
                + " LIMIT :limit OFFSET :offset", parameters, (row, number) -> summary(row));
        return new OffsetPage(rows, total == null ? 0 : total);
    }

    /** One page of flows by offset, and the number of flows matching in all. */
    public record OffsetPage(List<FlowSummary> items, long total) {
    }

    private static Object sortValue(FlowSummary flow, FlowListQuery.SortField field) {
        return switch (field) {
            case CREATED_AT -> flow.createdAt();
            case UPDATED_AT -> flow.updatedAt();
            case NAME -> flow.name();
        };
    }

    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static FlowSummary summary(ResultSet row) throws SQLException {
        return new FlowSummary(new FlowId(row.getObject("flow_id", UUID.class)),
                new EngagementId(row.getObject("engagement_id", UUID.class)),
                new FlowTypeRef(row.getString("flow_type"), row.getInt("flow_type_version")),
                row.getString("name"),
                FlowStatus.valueOf(row.getString("status")),
                row.getString("current_phase"),
                instant(row, "created_at"),
                row.getString("created_by"),
                instant(row, "updated_at"),
                row.getString("last_user"),
                row.getLong("version"),
                row.getBoolean("deleted"));
    }
}
