package io.masterflow.query.webhook;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.FlowConfigurationChanged;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowFailed;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.FlowRewound;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The events a webhook may subscribe to, by the payload's type name as the history and the audit trail show it.
 * Everything that happens to a flow, but not LegacyFlowImported: that is a migration replaying the past, not news.
 */
public final class WebhookEventTypes {

    public static final List<String> NAMES = Stream.of(FlowCreated.class, PhaseStarted.class, PhaseCompleted.class,
                    PhaseFailed.class, PhaseSkipped.class, FlowCompleted.class, FlowFailed.class, FlowPaused.class,
                    FlowResumed.class, FlowRewound.class, FlowConfigurationChanged.class, FlowDeleted.class,
                    AssetsDiscovered.class, AssetValidated.class)
            .map(Class::getSimpleName).toList();

    private static final Set<String> SUBSCRIBABLE = Set.copyOf(NAMES);

    private static final Map<String, String> BY_LOWER_CASE = NAMES.stream()
            .collect(Collectors.toMap(name -> name.toLowerCase(Locale.ROOT), Function.identity()));

    private WebhookEventTypes() {
    }

    /** The type's name as subscriptions store it, whatever its case; empty for a name that is not one of ours. */
    public static Optional<String> named(String name) {
        return Optional.ofNullable(name).map(given -> BY_LOWER_CASE.get(given.strip().toLowerCase(Locale.ROOT)));
    }

    public static boolean isSubscribable(String typeName) {
        return SUBSCRIBABLE.contains(typeName);
    }
}
