package io.masterflow.command.task;

import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.events.PhaseDefinition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-process handlers by name. Built with the flow-type registry so that start-up stops when a definition names a
 * handler that no bean provides: a flow of that type would otherwise wait for a handler that never comes.
 */
public class PhaseHandlers {

    private final Map<String, PhaseHandler> byName = new TreeMap<>();

    public PhaseHandlers(Collection<PhaseHandler> handlers, FlowTypeRegistry flowTypes) {
        for (PhaseHandler handler : handlers) {
            PhaseHandler other = byName.putIfAbsent(handler.name(), handler);
            if (other != null || PhaseDefinition.EXTERNAL.equals(handler.name())) {
                throw new IllegalStateException("phase handler name '" + handler.name() + "' is taken: "
                        + (other == null ? "it means a worker does the phase" : other.getClass().getName()) + " and "
                        + handler.getClass().getName());
            }
        }
        List<String> problems = new ArrayList<>();
        for (FlowTypeDefinition latest : flowTypes.latestOfEachType()) {
            for (FlowTypeDefinition definition : flowTypes.versions(latest.type())) {
                for (int index = 0; index < definition.phases().size(); index++) {
                    String handler = definition.phases().get(index).handler();
                    if (!PhaseDefinition.EXTERNAL.equals(handler) && !byName.containsKey(handler)) {
                        problems.add("flow type '" + definition.type() + "' version " + definition.version() + ", field phases["
                                + index + "].handler: no phase handler is named '" + handler + "'");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems) + "\nknown handlers: "
                    + new TreeSet<>(names()) + " (or 'external' for a worker)");
        }
    }

    public Optional<PhaseHandler> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
