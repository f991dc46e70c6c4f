package io.masterflow.query.deadletter.web;

import io.masterflow.query.deadletter.DeadLetterReport;
import io.masterflow.query.deadletter.DeadLetters;
import io.masterflow.query.deadletter.RetryOutcome;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.Optional;

/**
 * Dead letters of the query processors, for admins (the role rule is in QueryApiAuthorizations). An admin sees,
 * retries and evicts the sequences of its own account; letters of no readable account are counted for everyone and
 * handled processor-wide through {@code /unowned}.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@SecurityRequirement(name = "bearer")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(summary = "The dead letters of the caller's account, per processor and flow, and the count of unowned ones")
    @GetMapping
    public DeadLetterReport list(Caller caller) {
        return deadLetters.report(caller.account());
    }

    @Operation(summary = "Handle a sequence's letters again, once their cause is fixed",
            description = "Letters are handled in order; the first one refused again stays, with the later ones behind it.")
    @PostMapping("/{processor}/{sequenceIdentifier}/retry")
    public RetryOutcome retry(@PathVariable String processor, @PathVariable String sequenceIdentifier, Caller caller) {
        return found(deadLetters.retry(processor, sequenceIdentifier, caller.account()), processor, sequenceIdentifier);
    }

    @Operation(summary = "Remove a sequence's letters for good, or only the letter of eventId; their events stay unprojected")
    @DeleteMapping("/{processor}/{sequenceIdentifier}")
    public Evicted evict(@PathVariable String processor, @PathVariable String sequenceIdentifier,
                         @RequestParam(required = false) String eventId, Caller caller) {
        return new Evicted(found(deadLetters.evict(processor, sequenceIdentifier, QueryParameters.text(eventId), caller.account()),
                processor, sequenceIdentifier));
    }

    @Operation(summary = "Handle again every sequence of a processor whose letters belong to no readable account")
    @PostMapping("/{processor}/unowned/retry")
    public RetryOutcome retryUnowned(@PathVariable String processor) {
        return found(deadLetters.retryUnowned(processor), processor, null);
    }

    @Operation(summary = "Remove every letter of a processor that belongs to no readable account")
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
