package io.masterflow.query.deadletter.web;

import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.deadletter.DeadLetterReport;
import io.masterflow.query.deadletter.DeadLetterSequence;
import io.masterflow.query.deadletter.DeadLetters;
import io.masterflow.query.deadletter.RetryOutcome;
import io.masterflow.query.web.OpaqueCursor;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.web.InvalidRequest;
import io.masterflow.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dead letters of the query processors (the role rules are in QueryApiAuthorizations). An admin sees, retries and
 * evicts the sequences of its own account; letters of no readable account are the platform operator's, counted and
 * handled processor-wide through {@code /unowned}.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@SecurityRequirement(name = "bearer")
@Tag(name = "admin")
public class DeadLetterController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final String CURSOR_PREFIX = "deadletters1:";

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(summary = "The dead letters of the caller's account, per processor and flow",
            description = "Pages of sequences ordered by processor, then flow; pass nextCursor as cursor, with the same "
                    + "processor, for the next page (null on the last). Each sequence comes whole: at most "
                    + "masterflow.dead-letters.max-sequence-size letters.",
            operationId = "listDeadLetters")
    @GetMapping
    public DeadLetterList list(@RequestParam(required = false) String processor,
                               @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
                               @RequestParam(required = false) String limit,
                               @Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
                               Caller caller) {
        String only = QueryParameters.text("processor", processor, 255);
        if (only != null && !QueryProcessors.ALL.contains(only)) {
            throw new InvalidRequest("processor", "no query processor is named '" + only + "'; they are " + QueryProcessors.ALL);
        }
        Long pageSize = QueryParameters.whole("limit", limit, 1, MAX_LIMIT);
        DeadLetterReport report = deadLetters.report(caller.account(), only == null ? QueryProcessors.ALL : List.of(only),
                position(OpaqueCursor.decode(CURSOR_PREFIX, QueryParameters.text(cursor))),
                pageSize == null ? DEFAULT_LIMIT : pageSize.intValue());
        DeadLetters.Position next = report.next();
        return new DeadLetterList(report.sequences(),
                next == null ? null : OpaqueCursor.encode(CURSOR_PREFIX, next.processor() + "/" + next.sequenceIdentifier()));
    }

    public record DeadLetterList(List<DeadLetterSequence> sequences, @Nullable String nextCursor) {
    }

    @Operation(operationId = "countUnownedDeadLetters",
            summary = "Per query processor, the number of letters that belong to no readable account (platform operator)")
    @GetMapping("/unowned")
    public UnownedLetters unowned() {
        return new UnownedLetters(deadLetters.unownedLetters());
    }

    public record UnownedLetters(Map<String, Long> unownedLetters) {
    }

    /** A cursor carries the processor and the sequence identifier the previous page ended with. */
    private static DeadLetters.Position position(String cursor) {
        if (cursor == null) {
            return null;
        }
        int slash = cursor.indexOf('/');
        if (slash < 0 || !QueryProcessors.ALL.contains(cursor.substring(0, slash))) {
            throw OpaqueCursor.invalid();
        }
        return new DeadLetters.Position(cursor.substring(0, slash), cursor.substring(slash + 1));
    }

    @Operation(operationId = "retryDeadLetters", summary = "Handle a sequence's letters again, once their cause is fixed",
            description = "Letters are handled in order; the first one refused again stays, with the later ones behind it.")
    @PostMapping("/{processor}/{sequenceIdentifier}/retry")
    public RetryOutcome retry(@PathVariable String processor, @PathVariable String sequenceIdentifier, Caller caller) {
        return found(deadLetters.retry(processor, sequenceIdentifier, caller.account()), processor, sequenceIdentifier);
    }

    @Operation(operationId = "evictDeadLetters",
            summary = "Remove a sequence's letters for good, or only the letter of eventId; their events stay unprojected")
    @DeleteMapping("/{processor}/{sequenceIdentifier}")
    public Evicted evict(@PathVariable String processor, @PathVariable String sequenceIdentifier,
                         @RequestParam(required = false) String eventId, Caller caller) {
        return new Evicted(found(deadLetters.evict(processor, sequenceIdentifier, QueryParameters.text(eventId), caller.account()),
                processor, sequenceIdentifier));
    }

    @Operation(operationId = "retryUnownedDeadLetters",
            summary = "Handle again every sequence of a processor whose letters belong to no readable account")
    @PostMapping("/{processor}/unowned/retry")
    public RetryOutcome retryUnowned(@PathVariable String processor) {
        return found(deadLetters.retryUnowned(processor), processor, null);
    }

    @Operation(operationId = "evictUnownedDeadLetters", summary = "Remove every letter of a processor that belongs to no readable account")
    @DeleteMapping("/{processor}/unowned")
    public Evicted evictUnowned(@PathVariable String processor) {
        return new Evicted(found(deadLetters.evictUnowned(processor), processor, null));
    }

    public record Evicted(int evicted) {
    }

    private static <T> T found(Optional<T> answer, String processor, String sequenceIdentifier) {
        return answer.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, sequenceIdentifier == null
                ? "no query processor named " + processor
                : "no dead letters of sequence " + sequenceIdentifier + " in processor " + processor));
    }
}
