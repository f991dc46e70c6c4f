package io.masterflow.flowtype;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.masterflow.validation.PhaseValidator;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import io.masterflow.events.ValidatorRef;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one flow-type definition from YAML. The document is walked as a tree rather than bound to classes, so
 * that every problem can be reported with the exact field path (e.g. {@code phases[2].retry.maxAttempts}) that an
 * operator has to fix.
 */
final class FlowTypeYamlReader {

    private static final List<String> DOCUMENT_FIELDS = List.of("type", "version", "description", "phases", "retention");
    private static final List<String> RETENTION_FIELDS = List.of("days");
    private static final List<String> PHASE_FIELDS = List.of("name", "required", "timeout", "retry", "validators", "handler",
            "personal");
    private static final List<String> RETRY_FIELDS = List.of("maxAttempts", "backoff", "multiplier", "maxBackoff");
    private static final TypeReference<LinkedHashMap<String, Object>> PARAMS = new TypeReference<>() {
    };

    // a key written twice would otherwise silently win over the first one
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, PhaseValidator> validators;

    FlowTypeYamlReader(Map<String, PhaseValidator> validators) {
        this.validators = Map.copyOf(validators);
    }

    FlowTypeDefinition read(String source, InputStream yaml) {
        return new Document(source).read(yaml);
    }

    /** The state of reading one file: every problem found names it. */
    private final class Document {

        private final String source;

        Document(String source) {
            this.source = source;
        }

        FlowTypeDefinition read(InputStream yaml) {
            ObjectNode root = object(parse(yaml), "");
            onlyKnownFields(root, "", DOCUMENT_FIELDS);
            String type = flowType(required(root, "type", ""));
            int version = version(required(root, "version", ""));
            JsonNode description = root.get("description");
            List<PhaseDefinition> phases = phases(required(root, "phases", ""));
            return new FlowTypeDefinition(type, version, isAbsent(description) ? "" : text(description, "description"), phases,
                    retentionDays(root.get("retention")));
        }

        /** {@code retention: { days: N }}: finished or deleted flows are archived N days after their last event. */
        private Integer retentionDays(JsonNode node) {
            if (isAbsent(node)) {
                return null;
            }
            ObjectNode retention = object(node, "retention");
            onlyKnownFields(retention, "retention", RETENTION_FIELDS);
            JsonNode days = required(retention, "days", "retention");
            if (!days.isIntegralNumber() || !days.canConvertToInt() || days.intValue() < 1 || days.intValue() > 999_999) {
                throw problem("retention.days must be a whole number of days from 1 to 999999, not " + describe(days));
            }
            return days.intValue();
        }

        private JsonNode parse(InputStream yaml) {
            try (JsonParser parser = YAML.createParser(yaml)) {
                JsonNode root = YAML.readTree(parser);
                if (root == null || root.isMissingNode() || root.isNull()) {
                    throw problem("the file holds no definition");
                }
                if (parser.nextToken() != null) {
                    throw problem("the file holds more than one YAML document; put each definition in a file of its own");
                }
                return root;
            } catch (JsonProcessingException e) {
                throw new InvalidFlowTypeDefinition(source, "not valid YAML: " + e.getOriginalMessage() + at(e), e);
            } catch (IOException e) {
                throw new InvalidFlowTypeDefinition(source, "cannot be read: " + e.getMessage(), e);
            }
        }

        private String at(JsonProcessingException e) {
            return e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }

        private String flowType(JsonNode node) {
            String type = text(node, "type");
            try {
                new FlowTypeRef(type, 1);
            } catch (IllegalArgumentException e) {
                throw problem("type is not valid: " + e.getMessage());
            }
            return type;
        }

        private int version(JsonNode node) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw problem("version must be a whole number, not " + describe(node));
            }
            if (node.intValue() < 1) {
                throw problem("version must be 1 or more: " + node.intValue());
            }
            return node.intValue();
        }

        private List<PhaseDefinition> phases(JsonNode node) {
            if (!node.isArray()) {
                throw problem("phases must be a list of phases, not " + describe(node));
            }
            if (node.isEmpty()) {
                throw problem("phases must list at least one phase");
            }
            List<PhaseDefinition> phases = new ArrayList<>();
            Map<PhaseName, String> pathByName = new HashMap<>();
            for (int index = 0; index < node.size(); index++) {
                String path = "phases[" + index + "]";
                PhaseDefinition phase = phase(node.get(index), path);
                String earlier = pathByName.putIfAbsent(phase.name(), path);
                if (earlier != null) {
                    throw problem(path + ".name duplicates " + earlier + ".name: " + phase.name());
                }
                phases.add(phase);
            }
            return phases;
        }

        private PhaseDefinition phase(JsonNode node, String path) {
            ObjectNode phase = object(node, path);
            onlyKnownFields(phase, path, PHASE_FIELDS);
            PhaseName name = phaseName(required(phase, "name", path), path + ".name");
            boolean required = isAbsent(phase.get("required")) || bool(phase.get("required"), path + ".required");
            Duration timeout = timeout(phase.get("timeout"), path + ".timeout");
            RetryPolicy retry = retry(phase.get("retry"), path + ".retry");
            List<ValidatorRef> validatorRefs = validatorRefs(phase.get("validators"), path + ".validators");
            String handler = handler(phase.get("handler"), path + ".handler");
            List<String> personal = personal(phase.get("personal"), path + ".personal");
            return new PhaseDefinition(name, required, timeout, retry, validatorRefs, handler, personal);
        }

        private PhaseName phaseName(JsonNode node, String path) {
            String value = text(node, path);
            try {
                return new PhaseName(value);
            } catch (IllegalArgumentException e) {
                throw problem(path + " is not valid: " + e.getMessage());
            }
        }

        private Duration timeout(JsonNode node, String path) {
            if (isAbsent(node)) {
                return null;
            }
            Duration timeout = duration(node, path);
            if (timeout.isZero() || timeout.isNegative()) {
                throw problem(path + " must be positive: " + timeout);
            }
            return timeout;
        }

        private RetryPolicy retry(JsonNode node, String path) {
            if (isAbsent(node)) {
                return RetryPolicy.NONE;
            }
            ObjectNode retry = object(node, path);
            onlyKnownFields(retry, path, RETRY_FIELDS);
            JsonNode maxAttempts = required(retry, "maxAttempts", path);
            if (!maxAttempts.isIntegralNumber() || !maxAttempts.canConvertToInt()) {
                throw problem(path + ".maxAttempts must be a whole number, not " + describe(maxAttempts));
            }
            Duration backoff = isAbsent(retry.get("backoff")) ? null : duration(retry.get("backoff"), path + ".backoff");
            double multiplier = isAbsent(retry.get("multiplier")) ? 1.0 : number(retry.get("multiplier"), path + ".multiplier");
            Duration maxBackoff = isAbsent(retry.get("maxBackoff")) ? null : duration(retry.get("maxBackoff"), path + ".maxBackoff");
            try {
                return new RetryPolicy(maxAttempts.intValue(), backoff, multiplier, maxBackoff);
            } catch (IllegalArgumentException e) {
                // RetryPolicy names its fields "retry.<field>"; the phase path in front makes them point into the file
                throw problem(path.substring(0, path.length() - "retry".length()) + e.getMessage());
            }
        }

        private List<ValidatorRef> validatorRefs(JsonNode node, String path) {
            if (isAbsent(node)) {
                return List.of();
            }
            if (!node.isArray()) {
                throw problem(path + " must be a list of validators, not " + describe(node));
            }
            List<ValidatorRef> refs = new ArrayList<>();
            for (int index = 0; index < node.size(); index++) {
                refs.add(validatorRef(node.get(index), path + "[" + index + "]"));
            }
            return refs;
        }

        private ValidatorRef validatorRef(JsonNode node, String path) {
            String name;
            Map<String, Object> params;
            if (node.isTextual()) {
                name = node.textValue();
                params = Map.of();
            } else if (node.isObject() && node.size() == 1) {
                name = node.fieldNames().next();
                params = params(node.get(name), path + "." + name);
            } else {
                throw problem(path + " must be a validator name, or a mapping of one validator name to its params, not "
                        + describe(node));
            }
            PhaseValidator validator = validators.get(name);
            if (validator == null) {
                throw problem("unknown validator '" + name + "' in " + path + "; known: " + String.join(", ", new TreeMap<>(validators).keySet()));
            }
            try {
                validator.checkParams(params);
            } catch (RuntimeException e) {
                throw new InvalidFlowTypeDefinition(source, path + " (" + name + "): " + e.getMessage(), e);
            }
            return new ValidatorRef(name, params);
        }

        private Map<String, Object> params(JsonNode node, String path) {
            if (isAbsent(node)) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw problem(path + " must be a mapping of params, not " + describe(node));
            }
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isNull()) {
                    throw problem(path + "." + field.getKey() + " has no value");
                }
            });
            return YAML.convertValue(node, PARAMS);
        }

        /**
         * {@code personal: [input.contactEmail, output.owner.email, output.approvedBy@user]}: the fields of the phase's
         * input and output that are personal data, each its side then the keys down to it, separated by dots; sealed
         * with the account's key, or, ending in {@value PhaseDefinition#USER_SUBJECT}, with the key of the user the
         * field's value names (an erasure of that user reaches it).
         */
        private List<String> personal(JsonNode node, String path) {
            if (isAbsent(node)) {
                return List.of();
            }
            if (!node.isArray()) {
                throw problem(path + " must be a list of fields such as [input.contactEmail, output.owner], not " + describe(node));
            }
            List<String> fields = new ArrayList<>();
            for (int index = 0; index < node.size(); index++) {
                String itemPath = path + "[" + index + "]";
                String field = text(node.get(index), itemPath).strip();
                int subject = field.indexOf('@');
                if (subject >= 0 && !field.substring(subject).equals(PhaseDefinition.USER_SUBJECT)) {
                    throw problem(itemPath + " may end in '" + PhaseDefinition.USER_SUBJECT
                            + "' (the field names a user, whose key seals it) and in nothing else after '@': '" + field + "'");
                }
                String named = subject < 0 ? field : field.substring(0, subject);
                int dot = named.indexOf('.');
                String side = dot < 0 ? named : named.substring(0, dot);
                if (!side.equals(PhaseDefinition.INPUT) && !side.equals(PhaseDefinition.OUTPUT)) {
                    throw problem(itemPath + " must begin with '" + PhaseDefinition.INPUT + ".' or '" + PhaseDefinition.OUTPUT
                            + ".' (a field of the phase's input or output), not '" + field + "'");
                }
                if (dot < 0 || Arrays.stream(named.substring(dot + 1).split("\\.", -1)).anyMatch(String::isBlank)) {
                    throw problem(itemPath + " must name a field after '" + side + ".', each key between dots non-blank: '" + field + "'");
                }
                if (fields.contains(field)) {
                    throw problem(itemPath + " names '" + field + "' a second time");
                }
                fields.add(field);
            }
            return fields;
        }

        private String handler(JsonNode node, String path) {
            if (isAbsent(node)) {
                return PhaseDefinition.EXTERNAL;
            }
            String handler = text(node, path);
            if (handler.isBlank()) {
                throw problem(path + " must name a handler bean or be '" + PhaseDefinition.EXTERNAL + "', not blank");
            }
            return handler.strip();
        }

        private Duration duration(JsonNode node, String path) {
            String text = text(node, path);
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw problem(path + " must be an ISO-8601 duration such as PT30S, PT10M or PT2H: " + text);
            }
        }

        private ObjectNode object(JsonNode node, String path) {
            if (!node.isObject()) {
                throw problem((path.isEmpty() ? "the document" : path) + " must be a mapping of fields, not " + describe(node));
            }
            return (ObjectNode) node;
        }

        private void onlyKnownFields(ObjectNode node, String path, List<String> known) {
            List<String> unknown = new ArrayList<>();
            node.fieldNames().forEachRemaining(field -> {
                if (!known.contains(field)) {
                    unknown.add("'" + child(path, field) + "'");
                }
            });
            if (!unknown.isEmpty()) {
                throw problem("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + "; known here: " + String.join(", ", known));
            }
        }

        private JsonNode required(ObjectNode node, String field, String path) {
            JsonNode value = node.get(field);
            if (isAbsent(value)) {
                throw problem("missing field '" + child(path, field) + "'");
            }
            return value;
        }

        private String text(JsonNode node, String path) {
            if (!node.isTextual()) {
                throw problem(path + " must be text, not " + describe(node));
            }
            return node.textValue();
        }

        private boolean bool(JsonNode node, String path) {
            if (!node.isBoolean()) {
                throw problem(path + " must be true or false, not " + describe(node));
            }
            return node.booleanValue();
        }

        private double number(JsonNode node, String path) {
            if (!node.isNumber()) {
                throw problem(path + " must be a number, not " + describe(node));
            }
            return node.doubleValue();
        }

        private InvalidFlowTypeDefinition problem(String problem) {
            return new InvalidFlowTypeDefinition(source, problem);
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "text '" + node.textValue() + "'";
        }
        return node.toString();
    }
}
