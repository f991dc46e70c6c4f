package io.masterflow.eventstore.archive;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;

/**
 * Archives in a directory: {@code DIR/ACCOUNT/YYYY-MM-DD.jsonl.gz}. The export writes a day's file under
 * {@code NAME.part}, synced and renamed; the archival appends a batch to the day's file as a new gzip member, under a
 * journal ({@link ArchiveAppend}).
 */
final class DirectoryArchiveStore implements ArchiveStore {

    private final Path directory;

    DirectoryArchiveStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    static InputStream read(Path file) throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public WholeFile create(String account, String day) throws IOException {
        Path folder = Files.createDirectories(directory.resolve(account));
        Path path = folder.resolve(day + ".jsonl.gz");
        Path temporary = folder.resolve(day + ".jsonl.gz.part");
        FileOutputStream out = new FileOutputStream(temporary.toFile());
        return new WholeFile() {
            @Override
            public String name() {
                return directory.relativize(path).toString();
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void finish() throws IOException {
                try (FileOutputStream sync = new FileOutputStream(temporary.toFile(), true)) {
                    sync.getFD().sync();
                }
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        };
    }

    @Override
    public Append append(String account, String day, String batch, List<String> flowIds, List<String> lines) throws IOException {
        Path file = directory.resolve(account).resolve(day + ".jsonl.gz");
        ArchiveAppend append = ArchiveAppend.append(file, flowIds, lines);
        return new Append() {
            @Override
            public String location() {
                return file.toString();
            }

            @Override
            public void settle(Predicate<List<String>> allArchived) throws IOException {
                append.settle(allArchived);
            }
        };
    }

    @Override
    public List<String> recover(Predicate<List<String>> allArchived) throws IOException {
        return ArchiveAppend.recover(directory, allArchived).stream().map(Path::toString).toList();
    }

    @Override
    public void close() {
        // nothing held
    }
}
