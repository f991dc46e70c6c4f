package io.masterflow.query.flow;

import io.masterflow.events.FlowStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code masterflow.flows.in.status}: how many flows the flow-status read model holds in each status, every tenant's
 * together (the dashboard's "flows by state"). Counting them scans the table, so a scrape counts again at most every
 * {@link #FRESH_FOR}; every query node reads the same table, so take their max, not their sum.
 */
@Component
public class FlowStatusGauges implements MeterBinder {

    static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private volatile Map<FlowStatus, Long> counts = Map.of();
    private volatile long countedAt = Long.MIN_VALUE;

    public FlowStatusGauges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FlowStatus status : FlowStatus.values()) {
            Gauge.builder("masterflow.flows.in.status", () -> fresh().getOrDefault(status, 0L))
                    .description("flows in the flow-status read model by status, all tenants together")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private synchronized Map<FlowStatus, Long> fresh() {
        long now = System.nanoTime();
        if (countedAt != Long.MIN_VALUE && now - countedAt < FRESH_FOR.toNanos()) {
            return counts;
        }
        Map<FlowStatus, Long> byStatus = new EnumMap<>(FlowStatus.class);
        jdbc.query("select status, count(*) from flow_status group by status",
                rs -> {
                    byStatus.put(FlowStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        counts = byStatus;
        countedAt = now;
        return byStatus;
    }
}
