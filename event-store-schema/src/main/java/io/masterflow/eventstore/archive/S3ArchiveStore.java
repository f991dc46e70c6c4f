package io.masterflow.eventstore.archive;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * Archives in an S3-compatible bucket, under a prefix. An object cannot be appended to, so where a directory has one
 * file per account and day that each archival batch appends to, the bucket has one object per account, day and batch:
 * {@code PREFIX/ACCOUNT/YYYY-MM-DD/RUN-BATCH.jsonl.gz}, written whole by one PUT. The export writes
 * {@code PREFIX/ACCOUNT/YYYY-MM-DD.jsonl.gz} whole, as the directory's file.
 *
 * <p>The journal of a batch is a marker object, {@code PREFIX/_pending/RUN-BATCH}, naming the batch's object and its
 * flows: the marker is put, then the object, then the transaction that archives the flows commits, and the marker is
 * settled: deleted if the store holds the flows as archived, deleted with the object if not. A run killed anywhere
 * leaves at most its marker and object, which the next run settles first, so no object outlives a batch that did not
 * commit. ({@code _} cannot begin an account id, which is a UUID or {@code none}.)
 */
final class S3ArchiveStore implements ArchiveStore {

    static final String PENDING = "_pending";

    private final S3Location root;
    private final S3Client client;

    S3ArchiveStore(S3Location root, S3Connection connection) {
        this.root = root;
        this.client = connection.client();
    }

    static InputStream read(S3Location object, S3Connection connection) throws IOException {
        try (S3Client client = connection.client()) {
            return new ByteArrayInputStream(client.getObjectAsBytes(get -> get.bucket(object.bucket()).key(object.key()))
                    .asByteArray());
        } catch (SdkException failure) {
            throw new IOException(object + ": " + failure.getMessage(), failure);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public WholeFile create(String account, String day) throws IOException {
        String name = account + "/" + day + ".jsonl.gz";
        // spooled to a local file: an export may be larger than memory, and a PUT needs its length first
        Path spool = Files.createTempFile("masterflow-archive-", ".jsonl.gz");
        OutputStream out = Files.newOutputStream(spool);
        return new WholeFile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void finish() throws IOException {
                try {
                    put(root.child(name), RequestBody.fromFile(spool));
                } finally {
                    Files.deleteIfExists(spool);
                }
            }
        };
    }

    @Override
    public Append append(String account, String day, String batch, List<String> flowIds, List<String> lines) throws IOException {
        S3Location object = root.child(account + "/" + day + "/" + batch + ".jsonl.gz");
        S3Location marker = root.child(PENDING + "/" + batch);
        List<String> journal = new ArrayList<>();
        journal.add(object.key());
        journal.addAll(flowIds);
        put(marker, RequestBody.fromString(String.join("\n", journal) + "\n", StandardCharsets.UTF_8));
        put(object, RequestBody.fromBytes(gzip(lines)));
        return new Append() {
            @Override
            public String location() {
                return object.toString();
            }

            @Override
            public void settle(Predicate<List<String>> allArchived) throws IOException {
                S3ArchiveStore.this.settle(marker, journal, allArchived);
            }
        };
    }

    @Override
    public List<String> recover(Predicate<List<String>> allArchived) throws IOException {
        List<String> undone = new ArrayList<>();
        List<S3Object> markers;
        try {
            markers = client.listObjectsV2Paginator(list -> list.bucket(root.bucket()).prefix(root.under(PENDING) + "/"))
                    .contents().stream().filter(object -> !object.key().endsWith("/")).toList();
        } catch (SdkException failure) {
            throw new IOException(root + ": cannot list " + PENDING + "/: " + failure.getMessage(), failure);
        }
        // (a key ending in / is a folder placeholder, as consoles and file-backed stores make, and no marker)
        for (S3Object marker : markers) {
            S3Location location = new S3Location(root.bucket(), marker.key());
            List<String> journal;
            try {
                journal = client.getObjectAsBytes(get -> get.bucket(root.bucket()).key(marker.key())).asUtf8String().lines().toList();
            } catch (SdkException failure) {
                throw new IOException(location + ": " + failure.getMessage(), failure);
            }
            if (!settle(location, journal, allArchived)) {
                undone.add(new S3Location(root.bucket(), journal.get(0)).toString());
            }
        }
        return undone;
    }

    /** Whether the journal's append stands (its flows are archived); if not, its object goes. The marker goes either way. */
    private boolean settle(S3Location marker, List<String> journal, Predicate<List<String>> allArchived) throws IOException {
        boolean stands = allArchived.test(journal.subList(1, journal.size()));
        if (!stands) {
            delete(new S3Location(marker.bucket(), journal.get(0)));
        }
        delete(marker);
        return stands;
    }

    private void put(S3Location object, RequestBody body) throws IOException {
        try {
            client.putObject(put -> put.bucket(object.bucket()).key(object.key()), body);
        } catch (SdkException failure) {
            throw new IOException(object + ": " + failure.getMessage(), failure);
        }
    }

    private void delete(S3Location object) throws IOException {
        try {
            client.deleteObject(delete -> delete.bucket(object.bucket()).key(object.key()));
        } catch (SdkException failure) {
            throw new IOException(object + ": " + failure.getMessage(), failure);
        }
    }

    private static byte[] gzip(List<String> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes, 64 * 1024), StandardCharsets.UTF_8)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        client.close();
    }
}
