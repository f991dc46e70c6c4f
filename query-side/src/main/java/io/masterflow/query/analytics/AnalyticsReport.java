package io.masterflow.query.analytics;

import io.masterflow.events.FlowStatus;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A tenant's figures for one query.
 *
 * @param flows   the flows created in the period
 * @param phases  the phase attempts that finished in the period, per phase name, A to Z
 * @param retries attempts after a phase's first (a retry or a restart after failure) that finished in the period
 * @param perDay  UTC days with at least one flow created or completed in the period, oldest first; days not listed
 *                had neither
 */
public record AnalyticsReport(@Nullable Instant from, @Nullable Instant to, @Nullable String engagement, @Nullable String flowType, Flows flows,
                              List<Phase> phases, long retries, List<Day> perDay) {

    /**
     * @param byStatus       the flows' current status, every status listed (0 when none)
     * @param completed      flows that ended completed
     * @param failed         flows that ended failed (and were not started again)
     * @param completionRate completed / created; null without flows
     * @param failureRate    failed / created; null without flows
     */
    public record Flows(long created, Map<FlowStatus, Long> byStatus, long completed, long failed,
                        @Nullable Double completionRate, @Nullable Double failureRate) {
    }

    /**
     * @param durationMs of the completed attempts; null values when none completed
     * @param retries    of the attempts counted here, those after the phase's first
     */
    public record Phase(String phase, long completedAttempts, long failedAttempts, long retries, Durations durationMs) {
    }

    /** Mean, median and 95th percentile; the percentiles are durations some attempt really took (percentile_disc). */
    public record Durations(@Nullable Double avg, @Nullable Long p50, @Nullable Long p95) {
    }

    public record Day(LocalDate day, long created, long completed) {
    }
}
