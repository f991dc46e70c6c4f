package io.masterflow.query.webhook.web;

import io.masterflow.events.EngagementId;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.web.CursorSeal;
import io.masterflow.query.web.OpaqueCursor;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.query.webhook.Deliveries;
import io.masterflow.query.webhook.Delivery;
import io.masterflow.query.webhook.DeliveryHeaders;
import io.masterflow.query.webhook.DeliveryState;
import io.masterflow.query.webhook.InvalidReceiver;
import io.masterflow.query.webhook.NewWebhook;
import io.masterflow.query.webhook.Webhook;
import io.masterflow.query.webhook.WebhookEventTypes;
import io.masterflow.query.webhook.WebhookRegistrations;
import io.masterflow.query.webhook.WebhookStore;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Outbound webhooks of the caller's account, for its admins (the role rule is in WebhookAuthorizations). Another
 * account's webhook is answered exactly like one that does not exist. The secret is taken at creation and never shown.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@SecurityRequirement(name = "bearer")
@Tag(name = "webhooks")
public class WebhookController {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    private static final int DEFAULT_DELIVERIES = 50;
    private static final int MAX_DELIVERIES = 200;
    private static final String CURSOR_LIST = "webhook-deliveries";

    private final WebhookRegistrations registrations;
    private final WebhookStore webhooks;
    private final Deliveries deliveries;
    private final CursorSeal seal;

    public WebhookController(WebhookRegistrations registrations, WebhookStore webhooks, Deliveries deliveries,
                             CursorSeal seal) {
        this.registrations = registrations;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.seal = seal;
    }

    /**
     * @param events      event type names (FlowCompleted, PhaseFailed, ...)
     * @param engagements the engagements whose events it gets; left out, every engagement the token grants
     * @param secret      signs each delivery ({@value MIN_SECRET} to {@value MAX_SECRET} characters)
     */
    public record CreateWebhook(String url, List<String> events, List<String> engagements, String secret) {
    }

    public record WebhookList(List<Webhook> items) {
    }

    public record DeliveryPage(List<Delivery> items, @Nullable String nextCursor) {
    }

    public record EventTypes(List<String> items) {
    }

    @Operation(operationId = "createWebhook", summary = "Subscribe a receiver to the account's events",
            description = "Each matching event stored from now on is POSTed to the url as JSON, signed: header "
                    + DeliveryHeaders.SIGNATURE + " is sha256=<hex HMAC-SHA256 with the secret of '<"
                    + DeliveryHeaders.TIMESTAMP + ">.<raw body>'>. The secret is never shown again.")
    @ApiResponse(responseCode = "201", description = "Created: the webhook, without its secret", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "The webhook's address", schema = @Schema(type = "string")))
    @ProblemAnswer(status = 409, description = "The account has as many webhooks as it may")
    @PostMapping
    public ResponseEntity<Webhook> create(@RequestBody(required = false) CreateWebhook request, Caller caller) {
        if (request == null) {
            throw new InvalidRequest("url", "the request body must be a webhook: {url, events, engagements?, secret}");
        }
        if (request.url() == null || request.url().isBlank()) {
            throw new InvalidRequest("url", "'url' is required: the http or https address deliveries are POSTed to");
        }
        NewWebhook webhook = new NewWebhook(caller.account(), caller.userId(), request.url(), events(request.events()),
                engagements(request.engagements(), caller), secret(request.secret()));
        try {
            Webhook created = registrations.register(webhook);
            return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.webhookId())).body(created);
        } catch (InvalidReceiver invalid) {
            throw new InvalidRequest("url", invalid.getMessage());
        } catch (WebhookRegistrations.TooMany tooMany) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, tooMany.getMessage());
        }
    }

    @Operation(operationId = "listWebhooks", summary = "The account's webhooks, oldest first, with their state (a disabled one says why)")
    @GetMapping
    public WebhookList list(Caller caller) {
        return new WebhookList(webhooks.list(caller.account()));
    }

    @Operation(operationId = "listWebhookEventTypes", summary = "The event types a webhook may subscribe to")
    @GetMapping("/event-types")
    public EventTypes eventTypes() {
        return new EventTypes(WebhookEventTypes.NAMES);
    }

    @Operation(operationId = "getWebhook", summary = "One webhook of the account")
    @GetMapping("/{webhookId}")
    public Webhook get(@PathVariable String webhookId, Caller caller) {
        return webhook(webhookId, caller);
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook: nothing more is sent to it, and its deliveries go with it")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{webhookId}")
    public ResponseEntity<Void> delete(@PathVariable String webhookId, Caller caller) {
        if (!webhooks.delete(id(webhookId), caller.account())) {
            throw notFound(webhookId);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "enableWebhook", summary = "Enable a disabled webhook again: it gets the events stored from now on",
            description = "Its cancelled and failed deliveries stay as they are (listed, not sent again), and the events "
                    + "stored while it was disabled are not sent.")
    @ProblemAnswer(status = 409, description = "The webhook is not disabled, or the address rule now refuses its receiver")
    @PostMapping("/{webhookId}/enable")
    public Webhook enable(@PathVariable String webhookId, Caller caller) {
        UUID id = id(webhookId);
        try {
            return registrations.enable(id, caller.account(), caller.userId()).orElseThrow(() -> notFound(webhookId));
        } catch (WebhookRegistrations.CannotEnable refused) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, refused.getMessage());
        }
    }

    @Operation(operationId = "disableWebhook", summary = "Disable a webhook: nothing more is sent to it until it is enabled again",
            description = "Its pending deliveries are cancelled (listed, not sent), and the events stored while it is "
                    + "disabled are never sent, even once it is enabled again. disabledReason names who disabled it.")
    @ProblemAnswer(status = 409, description = "The webhook is not active")
    @PostMapping("/{webhookId}/disable")
    public Webhook disable(@PathVariable String webhookId, Caller caller) {
        UUID id = id(webhookId);
        try {
            return registrations.disable(id, caller.account(), caller.userId()).orElseThrow(() -> notFound(webhookId));
        } catch (WebhookRegistrations.CannotDisable refused) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, refused.getMessage());
        }
    }

    @Operation(operationId = "listWebhookDeliveries",
            summary = "A webhook's deliveries, newest event first, with each one's attempts and outcome",
            description = "state: pending, delivered, failed (its retries ran out) or cancelled (its webhook was disabled). "
                    + "Pass nextCursor as cursor for the next page (null on the last).")
    @GetMapping("/{webhookId}/deliveries")
    public DeliveryPage deliveries(@PathVariable String webhookId,
                                   @Parameter(schema = @Schema(allowableValues = {"pending", "delivered", "failed", "cancelled"}))
                                   @RequestParam(required = false) String state,
                                   @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_DELIVERIES,
                                           defaultValue = "" + DEFAULT_DELIVERIES)) @RequestParam(required = false) String limit,
                                   @Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
                                   Caller caller) {
        UUID id = webhook(webhookId, caller).webhookId();
        Long size = QueryParameters.whole("limit", limit, 1, MAX_DELIVERIES);
        int pageSize = size == null ? DEFAULT_DELIVERIES : size.intValue();
        List<Delivery> page = deliveries.page(id, deliveryState(state), position(caller, cursor), pageSize + 1);
        // sealed: a global position would count every other tenant's events between two deliveries
        String next = page.size() > pageSize
                ? seal.seal(CURSOR_LIST, caller.account(), Long.toString(page.get(pageSize - 1).globalPosition())) : null;
        return new DeliveryPage(page.subList(0, Math.min(pageSize, page.size())), next);
    }

    private Webhook webhook(String webhookId, Caller caller) {
        return webhooks.find(id(webhookId), caller.account()).orElseThrow(() -> notFound(webhookId));
    }

    /** The path's id; one that is no UUID names no webhook. The calls taking it check the account themselves. */
    private static UUID id(String webhookId) {
        try {
            return UUID.fromString(webhookId);
        } catch (IllegalArgumentException notAUuid) {
            throw notFound(webhookId);
        }
    }

    private static ResponseStatusException notFound(String webhookId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no webhook " + webhookId);
    }

    private static List<String> events(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new InvalidRequest("events", "'events' must name at least one event type: one of " + WebhookEventTypes.NAMES);
        }
        Set<String> events = new LinkedHashSet<>();
        for (int index = 0; index < given.size(); index++) {
            String name = given.get(index);
            String field = "events[" + index + "]";
            events.add(WebhookEventTypes.named(name).orElseThrow(() -> new InvalidRequest(field,
                    "'" + field + "' is not an event type a webhook can subscribe to: " + name + "; they are "
                            + WebhookEventTypes.NAMES)));
        }
        return List.copyOf(events);
    }

    /**
     * Every engagement when left out, if the token grants every one; else those the token grants. An engagement the
     * token does not grant is refused (403), as everywhere else.
     */
    private static List<UUID> engagements(List<String> given, Caller caller) {
        if (given == null) {
            return caller.engagements().all() ? null
                    : caller.engagements().engagements().stream().map(EngagementId::value).sorted().toList();
        }
        if (given.isEmpty()) {
            throw new InvalidRequest("engagements", "'engagements' must name at least one engagement, or be left out for every one");
        }
        Set<UUID> engagements = new LinkedHashSet<>();
        for (int index = 0; index < given.size(); index++) {
            UUID engagement = QueryParameters.uuid("engagements[" + index + "]", given.get(index));
            if (engagement == null) {
                throw new InvalidRequest("engagements[" + index + "]", "'engagements[" + index + "]' must be an engagement id");
            }
            if (!caller.engagements().includes(new EngagementId(engagement))) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token does not grant engagement " + engagement);
            }
            engagements.add(engagement);
        }
        return new ArrayList<>(engagements);
    }

    private static String secret(String given) {
        if (given == null || given.length() < MIN_SECRET || given.length() > MAX_SECRET) {
            throw new InvalidRequest("secret", "'secret' must be " + MIN_SECRET + " to " + MAX_SECRET
                    + " characters: it signs every delivery, and the receiver checks the signature with it");
        }
        return given;
    }

    private static DeliveryState deliveryState(String state) {
        String text = QueryParameters.text(state);
        if (text == null) {
            return null;
        }
        try {
            return DeliveryState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRequest("state", "'state' must be one of pending, delivered, failed, cancelled: " + state);
        }
    }

    private Long position(Caller caller, String cursor) {
        String text = QueryParameters.text(cursor);
        if (text == null) {
            return null;
        }
        String position = seal.open(CURSOR_LIST, caller.account(), text).orElseThrow(OpaqueCursor::invalid);
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException notOurs) {
            throw OpaqueCursor.invalid();
        }
    }
}
