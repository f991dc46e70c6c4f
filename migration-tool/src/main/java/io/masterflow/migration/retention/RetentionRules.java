package io.masterflow.migration.retention;

import io.masterflow.migration.MigrationFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How long a finished or deleted flow of each type is kept: {@code TYPE=DAYS} per flow type, {@code *=DAYS} for every
 * type without a rule of its own. A type with no rule and no {@code *} is kept for ever. The rules come from the
 * flow types' definitions ({@code retention: { days: N }}) and from {@code --retain}, which wins for the types it names.
 */
public record RetentionRules(Map<String, Integer> daysByType, Integer defaultDays) {

    /** Same shape as a flow type's name (FlowTypeRef), or {@code *}. */
    private static final Pattern RULE = Pattern.compile("(\\*|[a-z][a-z0-9_-]{0,49})=(\\d{1,6})");

    public RetentionRules {
        daysByType = Map.copyOf(daysByType);
    }

    /**
     * Reads {@code TYPE=DAYS[,TYPE=DAYS...]}, several of them adding up.
     *
     * @throws MigrationFailure of kind USAGE naming the wrong rule
     */
    public static RetentionRules parse(List<String> values) {
        return parse(values, Map.of());
    }

    /**
     * The {@code --retain} rules, and for the types they do not name, the flow types' own ({@code retention.days} of
     * their latest version).
     */
    public static RetentionRules parse(List<String> values, Map<String, Integer> fromFlowTypes) {
        Map<String, Integer> days = new LinkedHashMap<>();
        Integer defaultDays = null;
        for (String value : values) {
            for (String rule : value.split(",")) {
                var match = RULE.matcher(rule.trim());
                if (!match.matches()) {
                    throw MigrationFailure.usage("--retain takes TYPE=DAYS (a flow type, or * for every other type, and a "
                            + "number of days): '" + rule.trim() + "'");
                }
                int count = Integer.parseInt(match.group(2));
                if (match.group(1).equals("*")) {
                    if (defaultDays != null) {
                        throw MigrationFailure.usage("--retain names * twice");
                    }
                    defaultDays = count;
                } else if (days.putIfAbsent(match.group(1), count) != null) {
                    throw MigrationFailure.usage("--retain names flow type " + match.group(1) + " twice");
                }
            }
        }
        fromFlowTypes.forEach(days::putIfAbsent);
        if (days.isEmpty() && defaultDays == null) {
            throw MigrationFailure.usage("a retention run needs at least one rule: --retain TYPE=DAYS, or retention.days in "
                    + "a flow type's definition");
        }
        return new RetentionRules(days, defaultDays);
    }

    List<String> types() {
        return new ArrayList<>(daysByType.keySet());
    }

    List<Integer> days() {
        return types().stream().map(daysByType::get).toList();
    }

    /** The rule that applies to a flow type, as {@link #describe()} names it ({@code discovery=365} or {@code *=730}). */
    public String ruleFor(String flowType) {
        Integer days = daysByType.get(flowType);
        return days != null ? flowType + "=" + days : "*=" + defaultDays;
    }

    /** The rules as the output names them, e.g. {@code discovery=365, *=730}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        daysByType.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(rule -> parts.add(rule.getKey() + "=" + rule.getValue()));
        if (defaultDays != null) {
            parts.add("*=" + defaultDays);
        }
        return String.join(", ", parts);
    }
}
