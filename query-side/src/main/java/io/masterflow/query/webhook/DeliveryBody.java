package io.masterflow.query.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.MetaDataKeys;

import java.time.Instant;
import java.util.UUID;

/**
 * The JSON a receiver gets: the event and its flow, who caused it, and the event's payload ({@code data}) in the one
 * JSON form the event store and the history endpoint use. Written once, when the delivery is made, and sent as it is
 * on every attempt, so the signature always covers the same bytes.
 */
public record DeliveryBody(UUID deliveryId, UUID webhookId, String eventId, String eventType, Instant occurredAt,
                           String flowId, long flowVersion, UUID accountId, UUID engagementId, String userId,
                           String correlationId, JsonNode data) {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    public static String of(UUID deliveryId, UUID webhookId, StoredFlowEvent event) {
        DeliveryBody body = new DeliveryBody(deliveryId, webhookId, event.eventId(), event.type(), event.occurredAt(),
                event.flowId(), event.flowVersion(), event.account(), event.engagement(),
                event.metaData(MetaDataKeys.USER_ID), event.metaData(MetaDataKeys.CORRELATION_ID),
                JSON.valueToTree(event.message().getPayload()));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook delivery's body", e);
        }
    }
}
