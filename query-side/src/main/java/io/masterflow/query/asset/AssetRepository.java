package io.masterflow.query.asset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.query.axon.StorableText;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.masterflow.query.flow.FlowStatusRepository.instant;
import static io.masterflow.query.flow.FlowStatusRepository.timestamp;

/** The assets read model in PostgreSQL: one row per asset a flow discovered (see V5__assets.sql). */
@Repository
public class AssetRepository {

    private static final String UPSERT_DISCOVERY = """
            INSERT INTO flow_asset (flow_id, asset_id, client_account_id, engagement_id, name, kind, attributes,
                    discovered_in_phase, discovered_at, discovered_by, discovered_version, validation)
            VALUES (:flowId, :assetId, :account, :engagement, :name, :kind, CAST(:attributes AS jsonb),
                    :phase, :at, :by, :version, 'PENDING')
            ON CONFLICT (flow_id, asset_id) DO UPDATE SET
                name = EXCLUDED.name, kind = EXCLUDED.kind, attributes = EXCLUDED.attributes,
                discovered_in_phase = EXCLUDED.discovered_in_phase, discovered_at = EXCLUDED.discovered_at,
                discovered_by = EXCLUDED.discovered_by, discovered_version = EXCLUDED.discovered_version
            WHERE flow_asset.discovered_version < EXCLUDED.discovered_version""";

    private static final String UPDATE_VALIDATION = """
            UPDATE flow_asset SET validation = :state, validation_notes = :notes, validated_at = :at, validated_by = :by,
                    validation_version = :version
            WHERE flow_id = :flowId AND asset_id = :assetId
              AND (validation_version IS NULL OR validation_version < :version)""";

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public AssetRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An asset as one event described it, with who owned the flow and who reported it. */
    public record Discovery(FlowId flowId, ClientAccountId account, EngagementId engagement, DiscoveredAsset asset,
                            String phase, Instant at, String by, long version) {
    }

    /** A judgement of an asset, from the event at the flow's {@code version}. */
    public record Validation(FlowId flowId, String assetId, ValidationState state, String notes, Instant at, String by,
                             long version) {
    }

    /**
     * Writes discoveries, then judgements: a batch may hold an asset's discovery and its validation, and a judgement
     * applies to an existing row. Each half of a row moves only forward in flow versions, so an event written twice
     * changes nothing.
     */
    public void saveAll(List<Discovery> discoveries, List<Validation> validations) {
        if (!discoveries.isEmpty()) {
            jdbc.batchUpdate(UPSERT_DISCOVERY, latestOfEachAsset(discoveries).stream().map(this::parameters)
                    .toArray(SqlParameterSource[]::new));
        }
        if (!validations.isEmpty()) {
            jdbc.batchUpdate(UPDATE_VALIDATION, validations.stream().map(AssetRepository::parameters).toArray(SqlParameterSource[]::new));
        }
    }

    /**
     * One discovery per asset, the one a row would end with: the driver sends a batch as multi-row INSERTs, and
     * PostgreSQL refuses an upsert that meets the same row twice in one statement. Of equal versions the first
     * stays, as it would row by row.
     */
    private static Collection<Discovery> latestOfEachAsset(List<Discovery> discoveries) {
        Map<List<Object>, Discovery> latest = new LinkedHashMap<>();
        for (Discovery discovery : discoveries) {
            latest.merge(List.of(discovery.flowId(), discovery.asset().assetId()), discovery,
                    (kept, later) -> later.version() > kept.version() ? later : kept);
        }
        return latest.values();
    }

    public AssetPage page(AssetQuery query) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("flowId", query.flowId().value())
                .addValue("account", query.account().value())
                .addValue("limit", query.limit() + 1);
        List<String> conditions = new ArrayList<>(List.of("flow_id = :flowId", "client_account_id = :account"));
        if (query.kind() != null) {
            conditions.add("kind = :kind");
            parameters.addValue("kind", query.kind());
        }
        if (query.validation() != null) {
            conditions.add("validation = :validation");
            parameters.addValue("validation", query.validation().name());
        }
        if (query.afterAsset() != null) {
            conditions.add("asset_id > :afterAsset");
            parameters.addValue("afterAsset", query.afterAsset());
        }
        // one more row than asked for tells whether a next page exists
        List<FlowAsset> rows = jdbc.query("SELECT * FROM flow_asset WHERE " + String.join(" AND ", conditions)
                + " ORDER BY asset_id LIMIT :limit", parameters, (row, number) -> asset(row));
        if (rows.size() <= query.limit()) {
            return new AssetPage(rows, null);
        }
        List<FlowAsset> page = rows.subList(0, query.limit());
        return new AssetPage(page, page.get(page.size() - 1).assetId());
    }

    private MapSqlParameterSource parameters(Discovery discovery) {
        try {
            return new MapSqlParameterSource()
                    .addValue("flowId", discovery.flowId().value())
                    .addValue("assetId", StorableText.of(discovery.asset().assetId()))
                    .addValue("account", discovery.account().value())
                    .addValue("engagement", discovery.engagement().value())
                    .addValue("name", StorableText.of(discovery.asset().name()))
                    .addValue("kind", StorableText.of(discovery.asset().kind()))
                    .addValue("attributes", json.writeValueAsString(StorableText.json(discovery.asset().attributes())))
                    .addValue("phase", discovery.phase())
                    .addValue("at", timestamp(discovery.at()))
                    .addValue("by", StorableText.of(discovery.by()))
                    .addValue("version", discovery.version());
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("attributes of asset " + discovery.asset().assetId() + " cannot be written as JSON", unwritable);
        }
    }

    private static MapSqlParameterSource parameters(Validation validation) {
        return new MapSqlParameterSource()
                .addValue("flowId", validation.flowId().value())
                .addValue("assetId", StorableText.of(validation.assetId()))
                .addValue("state", validation.state().name())
                .addValue("notes", StorableText.of(validation.notes()))
                .addValue("at", timestamp(validation.at()))
                .addValue("by", StorableText.of(validation.by()))
                .addValue("version", validation.version());
    }

    private FlowAsset asset(ResultSet row) throws SQLException {
        Map<String, Object> attributes;
        try {
            attributes = json.readValue(row.getString("attributes"), ATTRIBUTES);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("attributes of asset " + row.getString("asset_id") + " are not a JSON object", unreadable);
        }
        return new FlowAsset(row.getString("asset_id"), row.getString("name"), row.getString("kind"), attributes,
                row.getString("discovered_in_phase"), instant(row, "discovered_at"), row.getString("discovered_by"),
                ValidationState.valueOf(row.getString("validation")), row.getString("validation_notes"),
                instant(row, "validated_at"), row.getString("validated_by"));
    }
}
