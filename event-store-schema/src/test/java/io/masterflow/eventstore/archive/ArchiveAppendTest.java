package io.masterflow.eventstore.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The day file's appends: a gzip member each, kept when their flows are archived, cut off when they are not. */
class ArchiveAppendTest {

    @Test
    void an_append_whose_flows_are_archived_stands_and_the_file_reads_as_one_stream(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("a1").resolve("2025-07-09.jsonl.gz");
        ArchiveAppend.append(file, List.of("f1"), List.of("{\"flowId\":\"f1\"}")).settle(flows -> true);
        ArchiveAppend.append(file, List.of("f2", "f3"), List.of("{\"flowId\":\"f2\"}", "{\"flowId\":\"f3\"}")).settle(flows -> true);

        assertThat(text(file)).isEqualTo("{\"flowId\":\"f1\"}\n{\"flowId\":\"f2\"}\n{\"flowId\":\"f3\"}\n");
        assertThat(Files.list(file.getParent()).toList()).containsExactly(file);
    }

    @Test
    void an_append_whose_flows_are_not_archived_is_cut_off_and_a_file_it_created_goes(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("a1").resolve("2025-07-09.jsonl.gz");
        ArchiveAppend.append(file, List.of("f1"), List.of("{\"flowId\":\"f1\"}")).settle(flows -> true);
        byte[] before = Files.readAllBytes(file);

        ArchiveAppend.append(file, List.of("f2"), List.of("{\"flowId\":\"f2\"}")).settle(flows -> false);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        Path other = folder.resolve("a1").resolve("2025-07-10.jsonl.gz");
        ArchiveAppend.append(other, List.of("f4"), List.of("{\"flowId\":\"f4\"}")).settle(flows -> false);
        assertThat(other).doesNotExist();
        assertThat(Files.list(file.getParent()).toList()).containsExactly(file);
    }

    @Test
    void the_next_run_settles_the_journals_a_killed_one_left(@TempDir Path folder) throws Exception {
        Path kept = folder.resolve("a1").resolve("2025-07-09.jsonl.gz");
        Path cut = folder.resolve("a2").resolve("2025-07-09.jsonl.gz");
        ArchiveAppend.append(cut, List.of("f1"), List.of("{\"flowId\":\"f1\"}")).settle(flows -> true);
        byte[] before = Files.readAllBytes(cut);
        // killed after the append, before the journal was settled: one batch committed, the other not
        ArchiveAppend.append(kept, List.of("f2"), List.of("{\"flowId\":\"f2\"}"));
        ArchiveAppend.append(cut, List.of("f3"), List.of("{\"flowId\":\"f3\"}"));
        // killed while a journal was written: nothing appended
        Files.writeString(folder.resolve("a2").resolve("2025-07-10.jsonl.gz.pending.part"), "-1\nf4\n");

        List<Path> undone = ArchiveAppend.recover(folder, flows -> flows.equals(List.of("f2")));

        assertThat(undone).containsExactly(cut);
        assertThat(Files.readAllBytes(cut)).isEqualTo(before);
        assertThat(text(kept)).isEqualTo("{\"flowId\":\"f2\"}\n");
        try (var files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactlyInAnyOrder(kept, cut);
        }
    }

    private static String text(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
