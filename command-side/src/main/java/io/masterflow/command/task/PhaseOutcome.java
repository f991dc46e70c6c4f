package io.masterflow.command.task;

import io.masterflow.events.DiscoveredAsset;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a {@link PhaseHandler} made of an attempt. */
public sealed interface PhaseOutcome {

    /** The attempt succeeded; its output must pass the phase's validators, or the attempt fails for good. */
    record Completed(Map<String, Object> output, List<DiscoveredAsset> assets) implements PhaseOutcome {

        public Completed {
            output = output == null ? Map.of() : output;
            assets = assets == null ? List.of() : List.copyOf(assets);
        }
    }

    /** The attempt failed; a retryable failure may earn another attempt under the phase's retry policy. */
    record Failed(String error, boolean retryable) implements PhaseOutcome {

        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The attempt goes on without the handler: something else (a person, through the API) will end it. */
    record Awaiting(String what) implements PhaseOutcome {
    }

    static PhaseOutcome completed(Map<String, Object> output) {
        return new Completed(output, List.of());
    }

    static PhaseOutcome completed(Map<String, Object> output, List<DiscoveredAsset> assets) {
        return new Completed(output, assets);
    }

    static PhaseOutcome failed(String error, boolean retryable) {
        return new Failed(error, retryable);
    }

    static PhaseOutcome awaiting(String what) {
        return new Awaiting(what);
    }
}
