package io.masterflow.query.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.personal.PersonalPayload;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON a receiver gets: the event and its flow, who caused it, and the event's payload ({@code data}) in the one
 * JSON form the event store and the history endpoint use. Written once, when the delivery is made, and sent the same on
 * every attempt (its personal fields opened as it goes; the signature covers the bytes sent).
 */
public record DeliveryBody(UUID deliveryId, UUID webhookId, String eventId, String eventType, Instant occurredAt,
                           String flowId, long flowVersion, UUID accountId, UUID engagementId, String userId,
                           String correlationId, JsonNode data) {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * The body as it is kept until it is sent: the payload's personal fields (those the event names) sealed again
     * with the account's key, as in the event store, so that they are never at rest in plain and an account's erasure
     * reaches deliveries still pending; {@link #opened} opens them as the body goes.
     */
    public static String of(UUID deliveryId, UUID webhookId, StoredFlowEvent event, PersonalPayload personal) {
        Object payload = event.message().getPayload();
        if (event.message().getMetaData().get(MetaDataKeys.PERSONAL_FIELDS) instanceof Collection<?> marked && !marked.isEmpty()) {
            payload = personal.sealed(payload, event.account(), marked.stream().map(String::valueOf).toList());
        }
        DeliveryBody body = new DeliveryBody(deliveryId, webhookId, event.eventId(), event.type(), event.occurredAt(),
                event.flowId(), event.flowVersion(), event.account(), event.engagement(),
                event.metaData(MetaDataKeys.USER_ID), event.metaData(MetaDataKeys.CORRELATION_ID),
                JSON.valueToTree(payload));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook delivery's body", e);
        }
    }

    /**
     * The body as a receiver gets it: the sealed personal fields of the payload's input or output opened, or
     * {@value io.masterflow.events.personal.PersonalMetaData#ERASED}; a body without any as it was kept, byte for byte.
     */
    public static String opened(String body, PersonalPayload personal) {
        if (!body.contains("enc:v1:")) {
            return body;
        }
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(body);
            if (!(root.get("data") instanceof ObjectNode data) || root.path("flowId").asText().isEmpty()) {
                return body;
            }
            boolean changed = false;
            for (String side : List.of(PhaseDefinition.INPUT, PhaseDefinition.OUTPUT)) {
                if (data.get(side) instanceof ObjectNode values) {
                    Map<String, Object> kept = JSON.convertValue(values, MAP);
                    Map<String, Object> opened = personal.opened(kept, root.path("flowId").asText());
                    if (opened != kept) {
                        data.set(side, JSON.valueToTree(opened));
                        changed = true;
                    }
                }
            }
            return changed ? JSON.writeValueAsString(root) : body;
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("cannot read a webhook delivery's body", e);
        }
    }
}
