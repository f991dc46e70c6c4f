package io.masterflow.query.rebuild.web;

import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.rebuild.ProjectionRebuilds;
import io.masterflow.query.rebuild.ProjectionStatus;
import io.masterflow.query.rebuild.RebuildProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Operating the projections (admin): their processors' state and lag, and rebuilding one from the event store while
 * the old read model keeps answering. A rebuild is driven by the node that was asked; the answers describe that node.
 */
@RestController
@RequestMapping("/api/v1/admin/projections")
@Tag(name = "admin")
public class ProjectionAdminController {

    private final ProjectionRebuilds rebuilds;

    public ProjectionAdminController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @Operation(operationId = "listProjections", summary = "Each projection's live processor on this node: segments, owners, "
            + "positions, lag, and its latest rebuild here")
    @GetMapping
    public Map<String, List<ProjectionStatus>> projections() {
        return Map.of("items", rebuilds.statuses());
    }

    @Operation(operationId = "getProjection", summary = "One projection's live processor and its latest rebuild on this node")
    @GetMapping("/{name}")
    public ProjectionStatus projection(@PathVariable String name) {
        return known(() -> rebuilds.status(name));
    }

    /** 202: the tables are copied and the replay runs; follow it on {@code GET /api/v1/admin/projections/{name}}. */
    @Operation(operationId = "startProjectionRebuild", summary = "Rebuild a projection into fresh tables while the old ones "
            + "answer; it switches over once caught up")
    @ApiResponse(responseCode = "202", description = "Started: follow it on GET /api/v1/admin/projections/{name}", useReturnTypeSchema = true)
    @ProblemAnswer(status = 409, description = "A rebuild of this projection runs already")
    @PostMapping("/{name}/rebuild")
    public ResponseEntity<RebuildProgress> rebuild(@PathVariable String name) {
        RebuildProgress started = known(() -> {
            try {
                return rebuilds.start(name);
            } catch (ProjectionRebuilds.RebuildAlreadyRunning running) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, running.getMessage());
            }
        });
        return ResponseEntity.accepted().body(started);
    }

    /** Stops a rebuild in progress: 204, or 404 when none is. */
    @Operation(operationId = "cancelProjectionRebuild", summary = "Stop a rebuild in progress; the live read model stays as it is")
    @ApiResponse(responseCode = "204", description = "Stopped")
    @DeleteMapping("/{name}/rebuild")
    public ResponseEntity<Void> cancel(@PathVariable String name) {
        if (!known(() -> rebuilds.cancel(name))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no rebuild of projection '" + name + "' is in progress");
        }
        return ResponseEntity.noContent().build();
    }

    private static <T> T known(Supplier<T> answer) {
        try {
            return answer.get();
        } catch (ProjectionRebuilds.UnknownProjection unknown) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, unknown.getMessage());
        }
    }
}
