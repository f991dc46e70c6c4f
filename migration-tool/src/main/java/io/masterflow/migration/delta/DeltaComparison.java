package io.masterflow.migration.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.store.EventStoreTarget;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A delta run's rule for a migrated flow whose legacy rows changed: the store's events are never rewritten, so the
 * change is taken over only when the flow's events, as the legacy rows give them now, begin with exactly the events
 * the store holds (same types and payloads, in the same order) and add events after them. Those are appended, with
 * the sequence numbers and event ids a full run would have given them. A stored event keeps its time where the legacy
 * rows now give another: a completion recorded only by a flag takes its row's {@code updated_at}, which every later
 * change of the row moves on, and the earlier time is the truer one; and a FlowPaused keeps its reason, which for the
 * last pause is the legacy status and changes when the flow is resumed. Anything else is reported, never guessed:
 *
 * <ul>
 *   <li>the flow has events the migration did not append: it was continued through the command API, its history is
 *   the new platform's ({@code CONTINUED_SINCE_MIGRATED});</li>
 *   <li>another account, engagement or flow type (or type version) than migrated: no event moves a flow there;</li>
 *   <li>an event the store holds differs from the one at its place now, or the legacy rows now give fewer events:
 *   the legacy history was rewritten;</li>
 *   <li>the status the legacy rows give now differs from the migrated one and no appended event moves the flow
 *   (only asset events, or none, are new): the status would say something the events do not
 *   ({@code CHANGE_NOT_APPENDABLE} for these three).</li>
 * </ul>
 * A change to what only LegacyFlowImported records (name, configuration, the legacy record) is noted, not appended.
 */
public final class DeltaComparison {

    /** Events that change no status of the Flow aggregate. */
    private static final Set<String> STATUS_NEUTRAL = Set.of(AssetsDiscovered.class.getName(), AssetValidated.class.getName());

    public enum Kind { UP_TO_DATE, APPEND, CONTINUED, NOT_APPENDABLE }

    /**
     * @param from   for APPEND: the first event of the mapped flow that the store lacks
     * @param detail for CONTINUED and NOT_APPENDABLE, why; for UP_TO_DATE and APPEND, what the run did not take over
     *               (null when nothing)
     */
    public record Outcome(Kind kind, int from, String detail) {
    }

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private final Serializer serializer = EventSerialization.serializer();

    public Outcome compare(MappedFlow flow, List<StoredEvent> stored) {
        if (stored == null || stored.isEmpty()) {
            // present a moment ago: a rollback running beside this run took it; the next delta run migrates it anew
            return new Outcome(Kind.NOT_APPENDABLE, 0, "its events were deleted while the run compared them");
        }
        for (StoredEvent event : stored) {
            JsonNode metaData = tree(event.metaData());
            if (!metaData.hasNonNull(EventStoreTarget.MIGRATION_RUN_ID)) {
                return new Outcome(Kind.CONTINUED, 0, "event " + event.sequence() + " (" + simpleName(event.payloadType())
                        + ") was not appended by the migration: the flow was continued on the new platform");
            }
        }
        List<DomainEventMessage<?>> now = EventStoreTarget.messages(flow, "");
        JsonNode storedImport = tree(stored.get(0).payload());
        JsonNode nowImport = payload(now.get(0));
        JsonNode storedMeta = tree(stored.get(0).metaData());
        String identity = identityChange(flow, storedImport, nowImport, storedMeta);
        if (identity != null) {
            return new Outcome(Kind.NOT_APPENDABLE, 0, identity);
        }
        if (now.size() < stored.size()) {
            return new Outcome(Kind.NOT_APPENDABLE, 0, "the legacy rows now give " + now.size() + " events, the store holds "
                    + stored.size() + ": their history lost entries");
        }
        int retimed = 0;
        for (int index = 1; index < stored.size(); index++) {
            String difference = difference(stored.get(index), now.get(index));
            if (difference != null) {
                return new Outcome(Kind.NOT_APPENDABLE, 0, "event " + index + " " + difference + ": the legacy history was rewritten");
            }
            if (!Instant.parse(stored.get(index).timestamp()).equals(now.get(index).getTimestamp())) {
                retimed++;
            }
        }
        String storedStatus = storedStatus(stored, storedImport);
        boolean moves = now.subList(stored.size(), now.size()).stream()
                .anyMatch(message -> !STATUS_NEUTRAL.contains(message.getPayloadType().getName()));
        if (!storedStatus.equals(flow.status().name()) && !moves) {
            return new Outcome(Kind.NOT_APPENDABLE, 0, "the legacy status now maps to " + flow.status() + ", migrated as "
                    + storedStatus + ", and no new event moves the flow there");
        }
        String unexpressed = importOnlyChange(storedImport, nowImport);
        if (retimed > 0) {
            unexpressed = (unexpressed == null ? "" : unexpressed + "; ") + retimed + " stored events keep their migrated times, "
                    + "where the legacy rows now give later ones (a completion flag takes its row's updated_at)";
        }
        return now.size() == stored.size() ? new Outcome(Kind.UP_TO_DATE, 0, unexpressed)
                : new Outcome(Kind.APPEND, stored.size(), unexpressed);
    }

    private static String identityChange(MappedFlow flow, JsonNode storedImport, JsonNode nowImport, JsonNode storedMeta) {
        if (!flow.account().toString().equals(storedMeta.path(MetaDataKeys.CLIENT_ACCOUNT_ID).asText())
                || !flow.engagement().toString().equals(storedMeta.path(MetaDataKeys.ENGAGEMENT_ID).asText())) {
            return "the legacy rows now name account " + flow.account() + ", engagement " + flow.engagement()
                    + "; the flow was migrated into account " + storedMeta.path(MetaDataKeys.CLIENT_ACCOUNT_ID).asText()
                    + ", engagement " + storedMeta.path(MetaDataKeys.ENGAGEMENT_ID).asText() + " and no event moves it";
        }
        if (!storedImport.path("flowType").equals(nowImport.path("flowType"))) {
            return "the legacy rows now give flow type " + nowImport.path("flowType") + ", migrated as "
                    + storedImport.path("flowType") + ": no event changes a flow's type";
        }
        return null;
    }

    private String difference(StoredEvent stored, DomainEventMessage<?> now) {
        if (!stored.payloadType().equals(now.getPayloadType().getName())) {
            return "is " + simpleName(stored.payloadType()) + " in the store and " + now.getPayloadType().getSimpleName() + " now";
        }
        JsonNode storedPayload = tree(stored.payload());
        JsonNode nowPayload = payload(now);
        if (FlowPaused.class.getName().equals(stored.payloadType())) {
            // the last pause takes the legacy status as its reason: a flow resumed since gives that pause another one
            ((ObjectNode) storedPayload).remove("reason");
            ((ObjectNode) nowPayload).remove("reason");
        }
        if (!storedPayload.equals(nowPayload)) {
            return "(" + now.getPayloadType().getSimpleName() + ") has other content now";
        }
        return null;
    }

    /** The status the flow has in the store: the last one a delta run stamped, else the imported one. */
    private static String storedStatus(List<StoredEvent> stored, JsonNode storedImport) {
        for (int index = stored.size() - 1; index > 0; index--) {
            JsonNode status = tree(stored.get(index).metaData()).path(EventStoreTarget.MIGRATED_STATUS);
            if (status.isTextual()) {
                return status.asText();
            }
        }
        return storedImport.path("status").asText();
    }

    private static String importOnlyChange(JsonNode storedImport, JsonNode nowImport) {
        for (String field : List.of("name", "configuration")) {
            if (!storedImport.path(field).equals(nowImport.path(field))) {
                return "the legacy rows now give another " + field + " than migrated; the flow keeps the migrated one "
                        + "(no event of the migration changes it)";
            }
        }
        return null;
    }

    private JsonNode payload(DomainEventMessage<?> message) {
        return tree(serializer.serialize(message.getPayload(), byte[].class).getData());
    }

    private static JsonNode tree(byte[] json) {
        try {
            return json == null ? JSON.nullNode() : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event is not JSON", e);
        }
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
