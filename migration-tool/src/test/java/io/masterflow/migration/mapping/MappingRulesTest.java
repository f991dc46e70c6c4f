package io.masterflow.migration.mapping;

import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.migration.Migration;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The small rules the mapping is built of: statuses, phase names, legacy timestamps. */
class MappingRulesTest {

    private static final FlowTypeRegistry REGISTRY = Migration.registry(null);

    private static List<PhaseDefinition> phasesOf(String type) {
        return REGISTRY.latest(type).orElseThrow().phases();
    }

    @Test
    void legacy_statuses_are_read_in_any_case_and_with_blanks_and_unknown_ones_are_not_guessed() {
        assertThat(LegacyStatus.parse(" In_Progress ")).contains(LegacyStatus.RUNNING);
        assertThat(LegacyStatus.parse("WAITING_FOR_APPROVAL")).contains(LegacyStatus.PAUSED);
        assertThat(LegacyStatus.parse("cancelled")).contains(LegacyStatus.DELETED);
        assertThat(LegacyStatus.parse("archived")).isEmpty();
        assertThat(LegacyStatus.parse(null)).isEmpty();
    }

    @Test
    void discovery_and_assessment_phases_are_renamed_each_in_its_own_type() {
        assertThat(PhaseRenames.phase("discovery", "field_mapping", phasesOf("discovery"))).contains(PhaseName.of("attribute_mapping"));
        assertThat(PhaseRenames.phase("discovery", "Asset_Inventory", phasesOf("discovery"))).contains(PhaseName.of("inventory"));
        assertThat(PhaseRenames.phase("discovery", "tech_debt_assessment", phasesOf("discovery"))).contains(PhaseName.of("tech_debt_analysis"));
        assertThat(PhaseRenames.phase("discovery", "tech_debt_analysis", phasesOf("discovery"))).contains(PhaseName.of("tech_debt_analysis"));
        assertThat(PhaseRenames.phase("assessment", "tech_debt_analysis", phasesOf("assessment"))).contains(PhaseName.of("complexity_analysis"));
        assertThat(PhaseRenames.phase("assessment", "app_on_page_generation", phasesOf("assessment")))
                .contains(PhaseName.of("recommendation_generation"));
        assertThat(PhaseRenames.phase("planning", "wave_planning", phasesOf("planning"))).contains(PhaseName.of("wave_planning"));
        assertThat(PhaseRenames.phase("planning", "astrology", phasesOf("planning"))).isEmpty();
        assertThat(PhaseRenames.phase("planning", 42, phasesOf("planning"))).isEmpty();
    }

    @Test
    void legacy_timestamps_are_iso_8601_with_or_without_offset_and_nothing_else() {
        assertThat(LegacyTime.parse("2025-03-01T09:00:00Z")).contains(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(LegacyTime.parse("2025-03-01T10:00:00+01:00")).contains(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(LegacyTime.parse("2025-03-01T09:00:00.123456")).contains(Instant.parse("2025-03-01T09:00:00.123456Z"));
        assertThat(LegacyTime.parse("2025-03-01 09:00:00")).contains(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(LegacyTime.parse("yesterday")).isEmpty();
        assertThat(LegacyTime.parse(1740819600)).isEmpty();
        assertThat(LegacyTime.parse("")).isEmpty();
    }
}
