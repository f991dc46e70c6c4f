package io.masterflow.command.task;

import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A handler for tests ({@value #NAME}): passes its input on as output with the phase it did, unless the test scripted
 * something else for the flow's next attempts (a failure, an output the validators refuse).
 */
@Component
public class ScriptedHandler implements PhaseHandler {

    public static final String NAME = "scripted";

    private static final Map<String, Queue<PhaseOutcome>> SCRIPTS = new ConcurrentHashMap<>();

    public static void script(String flowId, PhaseOutcome... outcomes) {
        SCRIPTS.computeIfAbsent(flowId, id -> new ConcurrentLinkedQueue<>()).addAll(java.util.List.of(outcomes));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PhaseOutcome handle(PhaseWork work) {
        Queue<PhaseOutcome> script = SCRIPTS.get(work.flowId().toString());
        PhaseOutcome scripted = script == null ? null : script.poll();
        if (scripted != null) {
            return scripted;
        }
        Map<String, Object> output = new LinkedHashMap<>(work.input());
        output.remove("inventory");
        output.remove("errors");
        output.put("done", work.phase().toString());
        output.put("checked", true);
        return PhaseOutcome.completed(output);
    }
}
