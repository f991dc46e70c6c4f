package io.masterflow.legacy.discovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.masterflow.command.flow.DeleteFlow;
import io.masterflow.command.flow.PauseFlow;
import io.masterflow.command.flow.ResumeFlow;
import io.masterflow.command.flow.web.FlowCreation;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.legacy.flow.DiscoveryFlow;
import io.masterflow.legacy.flow.LegacyFlow;
import io.masterflow.legacy.flow.LegacyFlows;
import io.masterflow.legacy.web.LegacyApiDocs;
import io.masterflow.legacy.web.LegacyRequests;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.flow.FlowListQuery;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The legacy discovery service's calls, on discovery flows (LEGACY-API.md; successors in docs/legacy-api.md). */
@RestController
@RequestMapping("/api/v1/discovery/flows")
@SecurityRequirement(name = "bearer")
@Tag(name = "legacy", description = "Deprecated: the legacy services' calls, until their clients move to /api/v1/flows")
@ProblemAnswer(status = 410, description = LegacyApiDocs.GONE)
public class DiscoveryFlowController {

    static final String FLOW_TYPE = "discovery";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final LegacyFlows flows;

    public DiscoveryFlowController(LegacyFlows flows) {
        this.flows = flows;
    }

    /** @param configuration also read as {@code flow_configuration}, the legacy column's name */
    public record CreateRequest(@JsonProperty("flow_name") String flowName,
                                @JsonProperty("engagement_id") String engagementId,
                                @JsonProperty("client_account_id") String clientAccountId,
                                @JsonProperty("configuration") Map<String, Object> configuration,
                                @JsonProperty("flow_configuration") Map<String, Object> flowConfiguration,
                                @JsonProperty("data_import_id") String dataImportId,
                                @JsonProperty("raw_data") Object rawData) {
    }

    // the current API has a ReasonRequest of its own, with other field names: one name would hide one of them
    @Schema(name = "LegacyReasonRequest")
    public record ReasonRequest(@JsonProperty("reason") String reason, @JsonProperty("expected_version") Long expectedVersion) {
        static final ReasonRequest NONE = new ReasonRequest(null, null);
    }

    public record ListResponse(@JsonProperty("flows") List<DiscoveryFlow> flows, @JsonProperty("total") long total,
                               @JsonProperty("limit") int limit, @JsonProperty("offset") long offset) {
    }

    @Operation(operationId = "legacyCreateDiscoveryFlow", summary = "Legacy: create a discovery flow", deprecated = true,
            description = "Successor: POST /api/v1/flows with flowType discovery. data_import_id and raw_data are kept in the configuration.")
    @PostMapping("/create")
    public DiscoveryFlow create(@RequestBody CreateRequest request,
                                @RequestHeader(name = LegacyRequests.ENGAGEMENT_HEADER, required = false) String engagementHeader,
                                @RequestHeader(name = FlowCreation.IDEMPOTENCY_HEADER, required = false) String idempotencyKey,
                                @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                                Caller caller, HttpServletRequest http) {
        LegacyRequests.sameAccount(request.clientAccountId(), caller);
        String name = LegacyRequests.required("flow_name", request.flowName(), 255);
        EngagementId engagement = LegacyRequests.requiredEngagement(engagementHeader, request.engagementId(), caller);
        Map<String, Object> configuration = new LinkedHashMap<>(Objects.requireNonNullElse(
                request.configuration() != null ? request.configuration() : request.flowConfiguration(), Map.of()));
        if (request.dataImportId() != null) {
            configuration.put("data_import_id", request.dataImportId());
        }
        if (request.rawData() != null) {
            configuration.put("raw_data", request.rawData());
        }
        FlowCreation.Created created = flows.create(caller, engagement, idempotencyKey, FLOW_TYPE, name, configuration,
                correlationId, LegacyRequests.family(http));
        return discovery(created.flowId().toString(), caller);
    }

    @Operation(operationId = "legacyGetDiscoveryFlow", summary = "Legacy: one discovery flow", deprecated = true,
            description = "Successor: GET /api/v1/flows/{flowId}")
    @GetMapping("/{flowId}")
    public DiscoveryFlow get(@PathVariable String flowId, Caller caller) {
        return discovery(flowId, caller);
    }

    @Operation(operationId = "legacyGetDiscoveryFlowStatus", summary = "Legacy: one discovery flow, by its status path",
            deprecated = true, description = "The same answer as GET /api/v1/discovery/flows/{flowId}. Successor: GET /api/v1/flows/{flowId}")
    @GetMapping("/{flowId}/status")
    public DiscoveryFlow status(@PathVariable String flowId, Caller caller) {
        return discovery(flowId, caller);
    }

    @Operation(operationId = "legacyListDiscoveryFlows", summary = "Legacy: the caller's discovery flows, by offset", deprecated = true,
            description = "Successor: GET /api/v1/flows?flowType=discovery (keyset pages)")
    @GetMapping
    public ListResponse list(@RequestParam(name = "engagement_id", required = false) String engagementId,
                             @RequestHeader(name = LegacyRequests.ENGAGEMENT_HEADER, required = false) String engagementHeader,
                             @RequestParam(required = false) String status,
                             @RequestParam(required = false) String limit,
                             @RequestParam(required = false) String offset,
                             Caller caller) {
        Long pageSize = QueryParameters.whole("limit", limit, 1, MAX_LIMIT);
        Long skip = QueryParameters.whole("offset", offset, 0, Long.MAX_VALUE);
        int size = pageSize == null ? DEFAULT_LIMIT : pageSize.intValue();
        long from = skip == null ? 0 : skip;
        FlowListQuery query = new FlowListQuery(caller.account(), caller.engagements(),
                LegacyRequests.engagement(engagementHeader, engagementId, caller), FLOW_TYPE,
                LegacyFlows.statuses(status, "status"), null, null, null, null, false,
                FlowListQuery.Sort.DEFAULT, size, null);
        LegacyFlows.Page page = flows.page(query, from);
        return new ListResponse(page.flows().stream().map(DiscoveryFlow::of).toList(), page.total(), size, from);
    }

    @Operation(operationId = "legacyPauseDiscoveryFlow", summary = "Legacy: pause a discovery flow", deprecated = true,
            description = "Successor: POST /api/v1/flows/{flowId}/pause")
    @ProblemAnswer(status = 409, description = "The flow is paused or over already, or expected_version is stale")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/pause")
    public DiscoveryFlow pause(@PathVariable String flowId, @RequestBody(required = false) ReasonRequest request,
                               @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                               Caller caller, HttpServletRequest http) {
        ReasonRequest body = Objects.requireNonNullElse(request, ReasonRequest.NONE);
        return changed(flowId, caller, correlationId, http, id -> new PauseFlow(id, body.reason(), body.expectedVersion()));
    }

    @Operation(operationId = "legacyResumeDiscoveryFlow", summary = "Legacy: resume a discovery flow", deprecated = true,
            description = "Successor: POST /api/v1/flows/{flowId}/resume")
    @ProblemAnswer(status = 409, description = "The flow is not paused, or expected_version is stale")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{flowId}/resume")
    public DiscoveryFlow resume(@PathVariable String flowId, @RequestBody(required = false) ReasonRequest request,
                                @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                                Caller caller, HttpServletRequest http) {
        ReasonRequest body = Objects.requireNonNullElse(request, ReasonRequest.NONE);
        return changed(flowId, caller, correlationId, http, id -> new ResumeFlow(id, body.reason(), body.expectedVersion()));
    }

    @Operation(operationId = "legacyDeleteDiscoveryFlow", summary = "Legacy: delete a discovery flow (soft)", deprecated = true,
            description = "Successor: DELETE /api/v1/flows/{flowId}")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @DeleteMapping("/{flowId}")
    public DiscoveryFlow delete(@PathVariable String flowId, @RequestParam(required = false) String reason,
                                @RequestHeader(name = LegacyRequests.CORRELATION_HEADER, required = false) String correlationId,
                                Caller caller, HttpServletRequest http) {
        return changed(flowId, caller, correlationId, http, id -> new DeleteFlow(id, reason, null));
    }

    private DiscoveryFlow discovery(String flowId, Caller caller) {
        return DiscoveryFlow.of(discoveryFlow(flowId, caller));
    }

    /** The discovery flow after a command on it, sent as any command of the current API is. */
    private DiscoveryFlow changed(String flowId, Caller caller, String correlationId, HttpServletRequest http,
                                  Function<FlowId, Object> command) {
        FlowId id = discoveryFlow(flowId, caller).view().flowId();
        flows.send(command.apply(id), caller, correlationId, LegacyRequests.family(http));
        return discovery(id.toString(), caller);
    }

    /** A flow of another type is not a discovery flow: the discovery service would not have known it. */
    private LegacyFlow discoveryFlow(String flowId, Caller caller) {
        LegacyFlow flow = flows.get(flowId, caller);
        if (!FLOW_TYPE.equals(flow.view().flowType().type())) {
            throw LegacyFlows.notFound(flowId);
        }
        return flow;
    }
}
