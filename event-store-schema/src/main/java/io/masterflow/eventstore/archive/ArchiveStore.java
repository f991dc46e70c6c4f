package io.masterflow.eventstore.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where archives go and come from: a directory ({@link DirectoryArchiveStore}) or an S3-compatible bucket
 * ({@link S3ArchiveStore}). The export, the archival and the restore each use it, so a location means the same to all
 * three, and the text of a location ({@code /var/archive/masterflow/A/2025-07-09.jsonl.gz} or
 * {@code s3://bucket/prefix/A/2025-07-09/RUN-0001.jsonl.gz}) is what {@code archived_flows.archive_location} and the
 * query side's 410 name.
 */
public interface ArchiveStore extends AutoCloseable {

    String S3_SCHEME = "s3://";

    /** A directory, or {@code s3://bucket[/prefix]} reached with the SDK's default region and credentials. */
    static ArchiveStore at(String location, S3Connection s3) {
        return isS3(location) ? new S3ArchiveStore(S3Location.parse(location), s3) : new DirectoryArchiveStore(Path.of(location));
    }

    static boolean isS3(String location) {
        return location.startsWith(S3_SCHEME);
    }

    /** The archive file or object at a location this store gave out, to read (the caller closes it). */
    static InputStream read(String location, S3Connection s3) throws IOException {
        return isS3(location) ? S3ArchiveStore.read(S3Location.parse(location), s3) : DirectoryArchiveStore.read(Path.of(location));
    }

    /** The store itself, as the output names it: the directory's absolute path, or {@code s3://bucket/prefix}. */
    String location();

    /** An account's file of a day, written whole (the export): it replaces one of the same account and day. */
    WholeFile create(String account, String day) throws IOException;

    /**
     * A batch's lines (one per event) added to the account's day ({@code batch} names it among the run's batches); it
     * stands only if {@link Append#settle} finds the batch's flows archived, and is undone otherwise.
     */
    Append append(String account, String day, String batch, List<String> flowIds, List<String> lines) throws IOException;

    /** Settles the appends a killed run left: one whose flows are archived stands, any other goes. The ones undone. */
    List<String> recover(Predicate<List<String>> allArchived) throws IOException;

    @Override
    void close();

    /** A file being written: complete and visible at {@link #finish()}, never before. */
    interface WholeFile {

        /** The relative name under the store, as the export prints it ({@code ACCOUNT/YYYY-MM-DD.jsonl.gz}). */
        String name();

        OutputStream out();

        /** Closes the output and makes the file visible whole. */
        void finish() throws IOException;
    }

    /** An append waiting for its batch's transaction. */
    interface Append {

        /** Where the batch's lines are. */
        String location();

        /** After the transaction: kept if the store holds the flows as archived, undone if not. */
        void settle(Predicate<List<String>> allArchived) throws IOException;
    }
}
