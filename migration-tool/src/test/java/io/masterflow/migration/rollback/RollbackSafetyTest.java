package io.masterflow.migration.rollback;

import io.masterflow.migration.rollback.FlowEvents.Action;
import io.masterflow.migration.rollback.FlowEvents.Event;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollback is one of two places where events are deleted, and only those a run stamped; archival ({@code ArchiveRun})
 * the other, only those of flows it wrote to their archive file: no other source of any module deletes from or truncates
 * the event table, and the rules that decide what may go hold for every shape of history.
 */
class RollbackSafetyTest {

    private static final Pattern DELETES_EVENTS = Pattern.compile(
            "(?is)(delete\\s+from|truncate(\\s+table)?)\\s+(only\\s+)?(\\w+\\.)?\"?domainevententry\\b");
    private static final String RUN = "6f1c1d9e-0000-4000-8000-000000000001";
    private static final String LATER = "6f1c1d9e-0000-4000-8000-000000000002";

    @Test
    void no_main_source_but_the_stamped_deletion_deletes_events() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> deleting;
        try (Stream<Path> files = Files.walk(root)) {
            deleting = files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().contains("/src/main/"))
                    .filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".sql"))
                    .filter(file -> DELETES_EVENTS.matcher(read(file)).find())
                    .map(root::relativize).toList();
        }
        // the rollback of a migration run, and archival, which deletes only flows it has written to their archive file
        assertThat(deleting).containsExactlyInAnyOrder(
                Path.of("migration-tool/src/main/java/io/masterflow/migration/rollback/StampedEventDeletion.java"),
                Path.of("migration-tool/src/main/java/io/masterflow/migration/retention/ArchiveRun.java"));
    }

    @Test
    void only_a_tail_of_the_run_s_own_events_may_go() {
        RunStamp run = RunStamp.of(RUN);

        assertThat(flow(RUN, RUN, RUN).verdict(run)).isEqualTo(new FlowEvents.Verdict(Action.REMOVE, 0, 3, null));
        assertThat(flow(LATER, LATER, RUN, RUN).verdict(run).action()).isEqualTo(Action.SHORTEN);
        assertThat(flow(LATER, LATER, RUN, RUN).verdict(run).keep()).isEqualTo(2);
        assertThat(flow(RUN, RUN, null).verdict(run).action()).isEqualTo(Action.CONTINUED);
        assertThat(flow(RUN, RUN, LATER).verdict(run).action()).isEqualTo(Action.LATER_RUN);
        assertThat(flow(RUN, null, RUN).verdict(run).action()).isEqualTo(Action.CONTINUED);
        assertThat(flow(LATER, null).verdict(run).action()).isEqualTo(Action.NONE);
        assertThat(flow(null, null).verdict(RunStamp.of(null)).action()).as("native flows are no run's").isEqualTo(Action.NONE);
        assertThat(flow(LATER, RUN).verdict(RunStamp.of(null)).action()).isEqualTo(Action.REMOVE);
        assertThat(flow(LATER, RUN, null).verdict(RunStamp.of(null)).action()).isEqualTo(Action.CONTINUED);
    }

    private static FlowEvents flow(String... runs) {
        List<Event> events = new java.util.ArrayList<>();
        for (int sequence = 0; sequence < runs.length; sequence++) {
            events.add(new Event(sequence, "io.masterflow.events.PhaseStarted", runs[sequence]));
        }
        return new FlowEvents("flow", "legacy", "a1000000-0000-0000-0000-000000000000", events);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
