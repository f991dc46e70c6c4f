package io.masterflow.query.audit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.limits.Concurrency;
import io.masterflow.limits.ConcurrencyLimits;
import io.masterflow.query.audit.AuditEntry;
import io.masterflow.query.audit.AuditQuery;
import io.masterflow.query.audit.AuditTrail;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** For auditors: who did what, when, to which flow, page by page or as one streamed export. */
@RestController
@RequestMapping("/api/v1/audit")
@SecurityRequirement(name = "bearer")
@Tag(name = "audit")
public class AuditController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final AuditTrail trail;
    private final AuditCursor cursors;
    private final ObjectMapper json;
    private final ConcurrencyLimits concurrency;

    public AuditController(AuditTrail trail, AuditCursor cursors, ObjectMapper json, ConcurrencyLimits concurrency) {
        this.trail = trail;
        this.cursors = cursors;
        this.json = json;
        this.concurrency = concurrency;
    }

    public record AuditPage(List<AuditItem> items, @Nullable String nextCursor) {
    }

    @Operation(operationId = "listAuditEntries", summary = "The caller's audit trail, oldest first, filtered by flow, user, event type and time",
            description = "from is included, to is not. Pass nextCursor as cursor for the next page; it is null on the last page.")
    @GetMapping
    public AuditPage list(@Parameter(schema = @Schema(format = "uuid")) @RequestParam(required = false) String flowId,
                          @RequestParam(required = false) String userId, @RequestParam(required = false) String eventType,
                          @Parameter(description = "Included (ISO-8601)", schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
                          @Parameter(description = "Excluded (ISO-8601)", schema = @Schema(format = "date-time")) @RequestParam(required = false) String to,
                          @Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
                          @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
                          @RequestParam(required = false) String limit, Caller caller) {
        Long pageSize = QueryParameters.whole("limit", limit, 1, MAX_LIMIT);
        int size = pageSize == null ? DEFAULT_LIMIT : pageSize.intValue();
        AuditQuery query = query(flowId, userId, eventType, from, to, cursors.decode(caller.account(), QueryParameters.text(cursor)), caller);
        List<AuditEntry> entries = trail.page(query, size);
        List<AuditEntry> page = entries.size() > size ? entries.subList(0, size) : entries;
        String next = entries.size() > size ? cursors.encode(caller.account(), page.get(page.size() - 1).globalSequence()) : null;
        return new AuditPage(page.stream().map(AuditItem::of).toList(), next);
    }

    @Operation(operationId = "exportAudit",
            summary = "Export the caller's audit trail as CSV or JSON lines, streamed, with the same filters as the list")
    @ApiResponse(responseCode = "200", description = "The entries, oldest first, as an attachment: CSV with a header row, or "
            + "one JSON object per line (an AuditItem)", content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"))})
    @GetMapping("/export")
    public ResponseEntity<StreamingResponseBody> export(@Parameter(schema = @Schema(allowableValues = {"csv", "jsonl"}, defaultValue = "csv"))
                                                        @RequestParam(required = false) String format,
                                                        @Parameter(schema = @Schema(format = "uuid")) @RequestParam(required = false) String flowId,
                                                        @RequestParam(required = false) String userId,
                                                        @RequestParam(required = false) String eventType,
                                                        @Parameter(description = "Included (ISO-8601)", schema = @Schema(format = "date-time"))
                                                        @RequestParam(required = false) String from,
                                                        @Parameter(description = "Excluded (ISO-8601)", schema = @Schema(format = "date-time"))
                                                        @RequestParam(required = false) String to, Caller caller) {
        AuditExportFormat exportFormat = format(format);
        AuditQuery query = query(flowId, userId, eventType, from, to, null, caller);
        // an export holds a database connection for as long as it streams: one of its account's places for exports
        ConcurrencyLimits.Permit exporting = concurrency.acquire(Concurrency.EXPORTS, caller.account());
        StreamingResponseBody body = output -> {
            try (exporting) {
                Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 64 * 1024);
                exportFormat.begin(out);
                trail.forEach(query, entry -> exportFormat.writeUnchecked(entry, out, json));
                out.flush();
            }
        };
        String filename = "audit-" + Instant.now().toString().replace(":", "") + "." + exportFormat.extension;
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.parseMediaType(exportFormat.mediaType), StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }

    private static AuditQuery query(String flowId, String userId, String eventType, String from, String to, Long after,
                                    Caller caller) {
        var flow = QueryParameters.uuid("flowId", flowId);
        return new AuditQuery(caller.account(), caller.engagements(), flow == null ? null : flow.toString(),
                QueryParameters.text("userId", userId, 255), QueryParameters.text("eventType", eventType, 255),
                QueryParameters.instant("from", from), QueryParameters.instant("to", to), after);
    }

    private static AuditExportFormat format(String format) {
        String text = QueryParameters.text(format);
        if (text == null) {
            return AuditExportFormat.CSV;
        }
        try {
            return AuditExportFormat.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRequest("format", "'format' must be csv or jsonl: " + text);
        }
    }
}
