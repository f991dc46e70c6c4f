package io.masterflow.eventstore.archive;

/** {@code s3://bucket[/key or prefix]}: the bucket, and the key (or prefix) without slashes around it. */
public record S3Location(String bucket, String key) {

    public static S3Location parse(String location) {
        if (!location.startsWith(ArchiveStore.S3_SCHEME)) {
            throw new IllegalArgumentException("not an s3:// location: " + location);
        }
        String rest = location.substring(ArchiveStore.S3_SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("an s3:// location names its bucket: s3://BUCKET/PREFIX, not " + location);
        }
        return new S3Location(bucket, key);
    }

    /** The key of a name under this prefix. */
    String under(String name) {
        return key.isEmpty() ? name : key + "/" + name;
    }

    S3Location child(String name) {
        return new S3Location(bucket, under(name));
    }

    @Override
    public String toString() {
        return ArchiveStore.S3_SCHEME + bucket + (key.isEmpty() ? "" : "/" + key);
    }
}
