package io.masterflow.query.analytics.web;

import io.masterflow.query.analytics.AnalyticsQuery;
import io.masterflow.query.analytics.AnalyticsReport;
import io.masterflow.query.analytics.FlowAnalytics;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The caller's figures: flows by status and outcome, phase attempts and their durations, flows per day. */
@RestController
@RequestMapping("/api/v1/analytics")
@SecurityRequirement(name = "bearer")
@Tag(name = "analytics")
public class AnalyticsController {

    private final FlowAnalytics analytics;

    public AnalyticsController(FlowAnalytics analytics) {
        this.analytics = analytics;
    }

    @Operation(operationId = "getAnalytics", summary = "Figures over the caller's flows, optionally of one engagement, one flow type, one period",
            description = "The period is [from, to): flows created in it (counts, status, completion and failure "
                    + "rates, created per day), phase attempts that finished in it (durations, retries) and flows "
                    + "completed in it (completed per day). Days are UTC days; a day with nothing is not listed.")
    @GetMapping
    public AnalyticsReport analytics(@Parameter(description = "Only this engagement's flows", schema = @Schema(format = "uuid"))
                                     @RequestParam(required = false) String engagement,
                                     @Parameter(description = "As engagement", schema = @Schema(format = "uuid"))
                                     @RequestHeader(name = "X-Engagement-Id", required = false) String engagementHeader,
                                     @RequestParam(required = false) String flowType,
                                     @Parameter(description = "The period's start, included (ISO-8601; a date is its start, UTC)",
                                             schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                                     @Parameter(description = "The period's end, excluded (ISO-8601; a date is its start, UTC)",
                                             schema = @Schema(format = "date-time")) @RequestParam(required = false) String to,
                                     Caller caller) {
        Instant start = QueryParameters.instant("from", from);
        Instant end = QueryParameters.instant("to", to);
        if (start != null && end != null && !end.isAfter(start)) {
            throw new InvalidRequest("to", "'to' must be after 'from' (the period is [from, to)): " + from + " to " + to);
        }
        return analytics.report(new AnalyticsQuery(caller.account(), caller.engagements(),
                QueryParameters.engagement(engagement, engagementHeader, caller),
                QueryParameters.text("flowType", flowType, 50), start, end));
    }
}
