package io.masterflow.flowtype;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every known version of every flow type. New flows get the latest version of their type; a flow already
 * running keeps the version it pinned, so adding a version never changes it.
 */
public class FlowTypeRegistry {

    private final Map<String, NavigableMap<Integer, FlowTypeDefinition>> versionsByType;

    public FlowTypeRegistry(Collection<FlowTypeDefinition> definitions) {
        this.versionsByType = definitions.stream().collect(Collectors.groupingBy(FlowTypeDefinition::type,
                TreeMap::new,
                Collectors.toMap(FlowTypeDefinition::version, definition -> definition, (first, second) -> {
                    throw new IllegalArgumentException("flow type " + first.type() + " version " + first.version() + " is defined twice");
                }, TreeMap::new)));
    }

    public Optional<FlowTypeDefinition> latest(String type) {
        return Optional.ofNullable(versionsByType.get(type)).map(versions -> versions.lastEntry().getValue());
    }

    public Optional<FlowTypeDefinition> find(String type, int version) {
        return Optional.ofNullable(versionsByType.get(type)).map(versions -> versions.get(version));
    }

    /** Every version of one type, oldest first; empty when the type is unknown. */
    public List<FlowTypeDefinition> versions(String type) {
        return List.copyOf(versionsByType.getOrDefault(type, new TreeMap<>()).values());
    }

    /** The latest version of every type, by type name. */
    public List<FlowTypeDefinition> latestOfEachType() {
        return versionsByType.values().stream().map(versions -> versions.lastEntry().getValue())
                .sorted(Comparator.comparing(FlowTypeDefinition::type)).toList();
    }
}
