package io.masterflow.events.personal;

import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseStarted;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The personal fields of event payloads: the fields of a phase's input and output a flow type marks as personal
 * ({@code input.contactEmail}, {@code output.owner.email}), sealed with the key of the flow's account before the event
 * is stored, and opened (or read as {@value PersonalMetaData#ERASED}) wherever it is read.
 *
 * <p>Sealing needs the marks, which only the flow's pinned definition knows; opening does not: every sealed text in a
 * phase's input or output is opened, whatever marked it. Each value is bound to its flow (the flow id is part of the
 * tag), so a sealed value copied into another flow, another account's included, never opens there: it reads erased.
 *
 * <p>A marked field's texts are sealed, also inside a list or mapping it holds; its numbers and booleans stay as
 * they are (sealing them would turn them into text for every reader).
 */
public final class PersonalPayload {

    private final SubjectKeys keys;

    public PersonalPayload(SubjectKeys keys) {
        this.keys = keys;
    }

    /**
     * {@code payload} with the fields {@code marks} names sealed with the key of {@code account}; the same object when
     * nothing is marked or the payload has no input or output.
     */
    public Object sealed(Object payload, UUID account, Collection<String> marks) {
        if (marks.isEmpty()) {
            return payload;
        }
        if (payload instanceof PhaseStarted started) {
            Map<String, Object> input = sealed(started.input(), fieldsOf(PhaseDefinition.INPUT, marks), account, started.flowId());
            return input == started.input() ? payload
                    : new PhaseStarted(started.flowId(), started.phase(), started.attempt(), input);
        }
        if (payload instanceof PhaseCompleted completed) {
            Map<String, Object> output = sealed(completed.output(), fieldsOf(PhaseDefinition.OUTPUT, marks), account, completed.flowId());
            return output == completed.output() ? payload
                    : new PhaseCompleted(completed.flowId(), completed.phase(), completed.attempt(), output, completed.duration());
        }
        return payload;
    }

    /** {@code payload} with every sealed text of its input or output opened; the same object when there is none. */
    public Object opened(Object payload) {
        if (payload instanceof PhaseStarted started) {
            Map<String, Object> input = opened(started.input(), started.flowId());
            return input == started.input() ? payload
                    : new PhaseStarted(started.flowId(), started.phase(), started.attempt(), input);
        }
        if (payload instanceof PhaseCompleted completed) {
            Map<String, Object> output = opened(completed.output(), completed.flowId());
            return output == completed.output() ? payload
                    : new PhaseCompleted(completed.flowId(), completed.phase(), completed.attempt(), output, completed.duration());
        }
        return payload;
    }

    /** A phase's input or output of flow {@code flowId} as kept elsewhere (a task's input), opened. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> opened(Map<String, Object> values, String flowId) {
        return (Map<String, Object>) openedValue(values, boundTo(flowId));
    }

    private Map<String, Object> opened(Map<String, Object> values, FlowId flowId) {
        // an event names its flow; one that does not cannot hold a value sealed for it
        return flowId == null || values.isEmpty() ? values : opened(values, flowId.toString());
    }

    /**
     * The paths below {@code side} ({@link PhaseDefinition#INPUT} of a start, {@link PhaseDefinition#OUTPUT} of a
     * completion) that the marks name, each as its keys: {@code input.a.b} is [a, b] of the input.
     */
    private static List<Field> fieldsOf(String side, Collection<String> marks) {
        List<Field> fields = new ArrayList<>();
        for (String mark : marks) {
            if (mark.startsWith(side + ".")) {
                boolean user = mark.endsWith(PhaseDefinition.USER_SUBJECT);
                String path = mark.substring(side.length() + 1, mark.length() - (user ? PhaseDefinition.USER_SUBJECT.length() : 0));
                fields.add(new Field(List.of(path.split("\\.")), user));
            }
        }
        return fields;
    }

    /** A marked field: the keys down to it, and whether its value names the user whose key seals it. */
    private record Field(List<String> path, boolean namesUser) {
    }

    private Map<String, Object> sealed(Map<String, Object> values, List<Field> fields, UUID account, FlowId flowId) {
        if (fields.isEmpty() || values.isEmpty()) {
            return values;
        }
        if (flowId == null) {
            throw new IllegalStateException("an event with personal fields must name its flow: its values are sealed for it");
        }
        String boundTo = boundTo(flowId.toString());
        // the account's key once for every field it seals, not once per text
        SubjectKeys.SubjectKey accountKey = fields.stream().allMatch(Field::namesUser) ? null : keys.keyOfAccount(account);
        Map<String, Object> sealed = values;
        for (Field field : fields) {
            Function<String, SubjectKeys.SubjectKey> key = field.namesUser()
                    ? user -> keys.keyOf(account, user)
                    : text -> accountKey;
            sealed = sealedAt(sealed, field.path(), key, boundTo);
        }
        return sealed;
    }

    /** {@code values} with the value at {@code path} sealed; the same map when the path leads nowhere. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sealedAt(Map<String, Object> values, List<String> path,
                                                Function<String, SubjectKeys.SubjectKey> key, String boundTo) {
        String name = path.get(0);
        if (!values.containsKey(name)) {
            return values;
        }
        Object value = values.get(name);
        Object replaced;
        if (path.size() == 1) {
            replaced = sealedTexts(value, key, boundTo);
        } else if (value instanceof Map<?, ?> inner) {
            replaced = sealedAt((Map<String, Object>) inner, path.subList(1, path.size()), key, boundTo);
        } else {
            return values;
        }
        if (replaced == value) {
            return values;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, replaced);
        return copy;
    }

    /** Every text in {@code value} sealed with the key {@code key} gives for it; numbers, booleans and nulls as they are. */
    private static Object sealedTexts(Object value, Function<String, SubjectKeys.SubjectKey> key, String boundTo) {
        if (value instanceof String text) {
            // sealed even when it merely looks sealed: what a caller sends is plain, and reads back as sent
            return SealedText.seal(text, key.apply(text), boundTo);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> sealed = new LinkedHashMap<>();
            map.forEach((name, inner) -> sealed.put(name, sealedTexts(inner, key, boundTo)));
            return sealed;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(inner -> sealedTexts(inner, key, boundTo)).toList();
        }
        return value;
    }

    /** Every sealed text in {@code value} opened; the same object when it holds none. */
    private Object openedValue(Object value, String boundTo) {
        if (SealedText.isSealed(value)) {
            return SealedText.open((String) value, keys, boundTo);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> opened = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object inner = openedValue(entry.getValue(), boundTo);
                if (inner != entry.getValue()) {
                    if (opened == null) {
                        opened = new LinkedHashMap<>(map);
                    }
                    opened.put(entry.getKey(), inner);
                }
            }
            return opened == null ? map : opened;
        }
        if (value instanceof List<?> list) {
            List<Object> opened = null;
            for (int index = 0; index < list.size(); index++) {
                Object inner = openedValue(list.get(index), boundTo);
                if (inner != list.get(index)) {
                    if (opened == null) {
                        opened = new ArrayList<>(list);
                    }
                    opened.set(index, inner);
                }
            }
            return opened == null ? list : opened;
        }
        return value;
    }

    private static String boundTo(String flowId) {
        return "flow:" + flowId;
    }
}
