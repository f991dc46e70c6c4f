package io.masterflow.query.asset.web;

import io.masterflow.events.FlowId;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.archive.FlowTombstones;
import io.masterflow.query.asset.AssetPage;
import io.masterflow.query.asset.AssetQuery;
import io.masterflow.query.asset.AssetRepository;
import io.masterflow.query.asset.FlowAsset;
import io.masterflow.query.asset.ValidationState;
import io.masterflow.query.flow.FlowStatusRepository;
import io.masterflow.query.web.OpaqueCursor;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.masterflow.query.flow.web.FlowQueryController.flowIdOrNotFound;
import static io.masterflow.query.flow.web.FlowQueryController.missing;

/** The assets a flow's phases discovered, with their validation state. */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "assets")
public class AssetQueryController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** A cursor carries the last asset id of the previous page. */
    private static final String CURSOR_PREFIX = "asset1:";

    private final AssetRepository assets;
    private final FlowStatusRepository flows;
    private final FlowTombstones tombstones;

    public AssetQueryController(AssetRepository assets, FlowStatusRepository flows, FlowTombstones tombstones) {
        this.assets = assets;
        this.flows = flows;
        this.tombstones = tombstones;
    }

    public record AssetListResponse(List<AssetItem> items, @Nullable String nextCursor) {
    }

    /** @param validation pending, validated or rejected */
    public record AssetItem(String assetId, String name, @Nullable String kind, Map<String, Object> attributes,
                            String discoveredInPhase, Instant discoveredAt, @Nullable String discoveredBy,
                            String validation, @Nullable String validationNotes, @Nullable Instant validatedAt,
                            @Nullable String validatedBy) {

        static AssetItem of(FlowAsset asset) {
            return new AssetItem(asset.assetId(), asset.name(), asset.kind(), asset.attributes(), asset.discoveredInPhase(),
                    asset.discoveredAt(), asset.discoveredBy(), asset.validation().parameter(), asset.validationNotes(),
                    asset.validatedAt(), asset.validatedBy());
        }
    }

    @Operation(operationId = "listFlowAssets", summary = "A flow's assets in asset-id order, with their validation state",
            description = "Keyset pages: pass nextCursor as cursor, with the same filters, for the next one; nextCursor "
                    + "is null on the last page. kind and validation (pending, validated, rejected) narrow the list.")
    @ProblemAnswer(status = 410, description = ProblemAnswer.ARCHIVED)
    @GetMapping("/api/v1/flows/{flowId}/assets")
    public AssetListResponse list(@PathVariable String flowId,
                                  @RequestParam(required = false) String kind,
                                  @Parameter(schema = @Schema(allowableValues = {"pending", "validated", "rejected"}))
                                  @RequestParam(required = false) String validation,
                                  @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
                                  @RequestParam(required = false) String limit,
                                  @Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
                                  Caller caller) {
        FlowId id = flowIdOrNotFound(flowId);
        Long pageSize = QueryParameters.whole("limit", limit, 1, MAX_LIMIT);
        AssetQuery query = new AssetQuery(caller.account(), id, QueryParameters.text("kind", kind, 255),
                validation(validation), pageSize == null ? DEFAULT_LIMIT : pageSize.intValue(),
                OpaqueCursor.decode(CURSOR_PREFIX, QueryParameters.text(cursor)));
        // the flow's owner comes from the flow read model, so that a flow with no assets yet is an empty list and
        // another tenant's flow is the flow detail's 404
        flows.progress(id).filter(flow -> caller.mayAccess(flow.account(), flow.engagement()))
                .orElseThrow(() -> missing(tombstones, flowId, caller));
        AssetPage page = assets.page(query);
        return new AssetListResponse(page.items().stream().map(AssetItem::of).toList(), OpaqueCursor.encode(CURSOR_PREFIX, page.nextAfter()));
    }

    private static ValidationState validation(String value) {
        String text = QueryParameters.text(value);
        if (text == null) {
            return null;
        }
        return Arrays.stream(ValidationState.values()).filter(state -> state.parameter().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new InvalidRequest("validation",
                        "'validation' must be pending, validated or rejected: " + text));
    }
}
