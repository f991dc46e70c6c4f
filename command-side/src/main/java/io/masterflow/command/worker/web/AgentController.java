package io.masterflow.command.worker.web;

import io.masterflow.command.flow.FlowRejected;
import io.masterflow.command.worker.Workers;
import io.masterflow.events.EngagementId;
import io.masterflow.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/** Who works on the caller's flows: workers heard of lately, their current tasks, last heartbeat and health. */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "workers")
public class AgentController {

    private final Workers workers;
    private final JdbcTemplate jdbc;

    public AgentController(Workers workers, JdbcTemplate jdbc) {
        this.workers = workers;
        this.jdbc = jdbc;
    }

    record Agents(List<Workers.Agent> agents) {
    }

    @Operation(operationId = "listAgents", summary = "Workers of the caller's account heard of lately, with the tasks they hold")
    @GetMapping("/api/v1/agents")
    public Agents agents(Caller caller) {
        return new Agents(workers.active(caller));
    }

    @Operation(operationId = "listFlowAgents", summary = "Workers that worked or work on one flow")
    @GetMapping("/api/v1/flows/{flowId}/agents")
    public Agents agentsOfFlow(@PathVariable String flowId, Caller caller) {
        List<String> engagement = jdbc.queryForList("select engagement_id::text from task_flow where flow_id = ? and client_account_id = ?",
                String.class, flowId, caller.account().value());
        if (engagement.isEmpty() || !caller.engagements().includes(EngagementId.of(engagement.get(0)))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, FlowRejected.notFoundMessage(flowId));
        }
        return new Agents(workers.onFlow(caller, flowId));
    }
}
