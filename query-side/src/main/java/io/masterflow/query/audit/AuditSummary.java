package io.masterflow.query.audit;

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
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;

/** The one line an auditor reads for an event: what happened, in words, without the payload's detail. */
final class AuditSummary {

    private static final int MAX_QUOTED = 200;

    private AuditSummary() {
    }

    static String of(Object event, String typeName) {
        if (event instanceof FlowCreated created) {
            return "created " + created.flowType().type() + " flow " + quoted(created.name()) + " (flow type version "
                    + created.flowType().version() + ", " + created.phases().size() + " phases"
                    + (created.autoAdvance() ? ", advancing by itself" : "") + ")";
        }
        if (event instanceof PhaseStarted started) {
            return "started attempt " + started.attempt() + " of phase " + started.phase();
        }
        if (event instanceof PhaseCompleted completed) {
            return "completed attempt " + completed.attempt() + " of phase " + completed.phase()
                    + (completed.duration() == null ? "" : " in " + seconds(completed.duration().toMillis()));
        }
        if (event instanceof PhaseFailed failed) {
            return "attempt " + failed.attempt() + " of phase " + failed.phase() + " failed: " + quoted(failed.error())
                    + (failed.nextAttemptAt() != null ? "; next attempt due at " + failed.nextAttemptAt()
                    : failed.retryable() ? "; no attempt left" : "; not retryable");
        }
        if (event instanceof PhaseSkipped skipped) {
            return "skipped phase " + skipped.phase() + reason(skipped.reason());
        }
        if (event instanceof FlowPaused paused) {
            return "paused the flow" + reason(paused.reason());
        }
        if (event instanceof FlowResumed resumed) {
            return "resumed the flow" + reason(resumed.reason());
        }
        if (event instanceof FlowCompleted) {
            return "the flow completed";
        }
        if (event instanceof FlowFailed failed) {
            return "the flow failed: phase " + failed.phase() + " has no attempt left (last error " + quoted(failed.lastError()) + ")";
        }
        if (event instanceof FlowDeleted deleted) {
            return "deleted the flow" + reason(deleted.reason());
        }
        if (event instanceof FlowRewound rewound) {
            return "rewound the flow to phase " + rewound.toPhase()
                    + (rewound.cancelledAttempt() != null ? ", cancelling attempt " + rewound.cancelledAttempt() + " of phase "
                    + rewound.cancelledPhase() : "") + reason(rewound.reason());
        }
        if (event instanceof FlowConfigurationChanged changed) {
            return "changed the configuration: " + String.join(", ", changed.patch().keySet().stream().sorted().toList());
        }
        if (event instanceof AssetsDiscovered discovered) {
            return "phase " + discovered.phase() + " discovered " + discovered.assets().size() + " asset"
                    + (discovered.assets().size() == 1 ? "" : "s");
        }
        if (event instanceof AssetValidated validated) {
            return "marked asset " + quoted(validated.assetId()) + " " + String.valueOf(validated.verdict()).toLowerCase()
                    + reason(validated.notes());
        }
        if (event instanceof LegacyFlowImported imported) {
            return "imported legacy flow " + quoted(imported.legacyFlowId()) + " from " + imported.sourceTable()
                    + " with status " + imported.status() + " (legacy status " + quoted(imported.legacyStatus()) + ")";
        }
        return typeName;
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + quoted(reason);
    }

    /** Text from a request, kept on one line and short enough for a list. */
    private static String quoted(String text) {
        if (text == null) {
            return "''";
        }
        String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (line.length() > MAX_QUOTED) {
            line = line.substring(0, MAX_QUOTED) + "...";
        }
        return "'" + line + "'";
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
