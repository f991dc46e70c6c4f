package io.masterflow.eventstore.archive;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Appends a batch of flows to an account's day file ({@code ACCOUNT/YYYY-MM-DD.jsonl.gz}) as a new gzip member, which
 * {@code zcat} and Java read as one stream with the members before it, so that what the file held stays as it was.
 *
 * <p>An append is undone unless the batch's transaction committed: before the first byte is appended, a journal
 * ({@code NAME.pending}: the file's length before, then the batch's flow ids) is written under a temporary name, synced
 * and renamed; the member is appended and synced; the transaction that archives the flows commits; the journal is
 * settled. A run killed anywhere leaves either no journal or one, which the next run settles first ({@link #recover}):
 * if the store holds the journal's flows as archived, the append stands; if not, the file is cut back to its length
 * before, so the flows, still in the store, are written once, when they are archived.
 */
final class ArchiveAppend {

    static final String JOURNAL = ".pending";

    private final Path file;
    private final Path journal;

    private ArchiveAppend(Path file, Path journal) {
        this.file = file;
        this.journal = journal;
    }

    /** Journals the append of these flows to {@code file}, then appends their lines (one per event) as one member. */
    static ArchiveAppend append(Path file, List<String> flowIds, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        long lengthBefore = Files.exists(file) ? Files.size(file) : -1;
        Path journal = journalOf(file);
        Path temporary = journal.resolveSibling(journal.getFileName() + ".part");
        List<String> entries = new ArrayList<>();
        entries.add(Long.toString(lengthBefore));
        entries.addAll(flowIds);
        Files.write(temporary, entries, StandardCharsets.UTF_8);
        sync(temporary);
        Files.move(temporary, journal, StandardCopyOption.ATOMIC_MOVE);
        sync(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(Channels.newOutputStream(channel), 64 * 1024), StandardCharsets.UTF_8));
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
            out.close();
        }
        sync(file);
        sync(file.getParent());
        return new ArchiveAppend(file, journal);
    }

    /**
     * After the batch's transaction, whatever became of it: the append stands if the store holds the batch's flows as
     * archived, and is cut off the file otherwise. When the store cannot be asked, the journal stays for the next run.
     */
    void settle(Predicate<List<String>> allArchived) throws IOException {
        if (Files.exists(journal)) {
            settle(file, journal, allArchived);
        }
    }

    /**
     * Settles the journals a killed run left in {@code directory}: an append whose flows are archived stands (its
     * transaction committed), any other is cut off the file. Returns the files cut back.
     */
    static List<Path> recover(Path directory, Predicate<List<String>> allArchived) throws IOException {
        List<Path> undone = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return undone;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(directory, 2)) {
            leftovers = files.filter(path -> path.getFileName().toString().endsWith(JOURNAL)
                    || path.getFileName().toString().endsWith(JOURNAL + ".part")).sorted().toList();
        }
        for (Path journal : leftovers) {
            String name = journal.getFileName().toString();
            if (name.endsWith(".part")) {
                // killed while the journal was written: nothing was appended yet
                Files.delete(journal);
                continue;
            }
            Path file = journal.resolveSibling(name.substring(0, name.length() - JOURNAL.length()));
            if (!settle(file, journal, allArchived)) {
                undone.add(file);
            }
        }
        return undone;
    }

    /** Whether the append of a journal stands (its flows are archived); if not, it is undone. */
    private static boolean settle(Path file, Path journal, Predicate<List<String>> allArchived) throws IOException {
        List<String> entries = Files.readAllLines(journal, StandardCharsets.UTF_8);
        if (allArchived.test(entries.subList(1, entries.size()))) {
            Files.delete(journal);
            sync(journal.getParent());
            return true;
        }
        long lengthBefore = Long.parseLong(entries.get(0));
        if (lengthBefore < 0) {
            Files.deleteIfExists(file);
        } else if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(lengthBefore);
                channel.force(true);
            }
        }
        Files.delete(journal);
        sync(file.getParent());
        return false;
    }

    private static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + JOURNAL);
    }

    private static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
