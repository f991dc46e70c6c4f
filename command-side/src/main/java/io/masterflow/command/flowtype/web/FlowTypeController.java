package io.masterflow.command.flowtype.web;

import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/** The flow types a caller may create flows of, with their phases; read-only. */
@RestController
@RequestMapping("/api/v1/flow-types")
@Tag(name = "flow-types")
public class FlowTypeController {

    private final FlowTypeRegistry registry;

    public FlowTypeController(FlowTypeRegistry registry) {
        this.registry = registry;
    }

    /** The latest version of each type, which is the one a new flow gets. */
    @Operation(operationId = "listFlowTypes", summary = "The latest version of each flow type, the one a new flow gets, with its phases")
    @GetMapping
    public List<FlowTypeSummary> latestOfEachType() {
        return registry.latestOfEachType().stream()
                .map(latest -> FlowTypeSummary.of(latest, versionNumbers(latest.type())))
                .toList();
    }

    /** Every version of one type, oldest first: flows created earlier may still run an older one. */
    @Operation(operationId = "getFlowType", summary = "Every version of one flow type, oldest first, with its phases")
    @GetMapping("/{type}")
    public FlowTypeVersions versions(@PathVariable String type) {
        List<FlowTypeDefinition> versions = registry.versions(type);
        if (versions.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown flow type '" + type + "'");
        }
        return new FlowTypeVersions(type, versions.stream().map(FlowTypeVersionView::of).toList());
    }

    private List<Integer> versionNumbers(String type) {
        return registry.versions(type).stream().map(FlowTypeDefinition::version).toList();
    }
}
