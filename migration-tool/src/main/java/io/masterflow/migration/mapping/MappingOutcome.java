package io.masterflow.migration.mapping;

import io.masterflow.migration.report.ReportedRow;

import java.util.List;

/** What became of the rows of one legacy unit: flows to append, and rows reported instead. */
public record MappingOutcome(List<MappedFlow> flows, List<ReportedRow> reported) {

    public MappingOutcome {
        flows = List.copyOf(flows);
        reported = List.copyOf(reported);
    }
}
