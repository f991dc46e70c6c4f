package io.masterflow.command.archive;

import io.masterflow.eventstore.archive.S3Connection;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * How the command side reaches the archives it restores from, where {@code archived_flows} names an {@code s3://}
 * object: the AWS SDK's default region and credentials (environment, profile, role), and for an S3-compatible store its
 * URL. An archive in a directory is read from the path as named, which this server must be able to read.
 *
 * @param s3Endpoint {@code masterflow.archive.s3-endpoint}: an S3-compatible store's URL (MinIO, ...), reached
 *                   path-style; empty (the default) for AWS S3 itself. The same as the migration tool's
 *                   {@code --s3-endpoint} of the archival.
 */
@ConfigurationProperties(prefix = "masterflow.archive")
public record ArchiveProperties(String s3Endpoint) {

    public S3Connection s3() {
        if (s3Endpoint == null || s3Endpoint.isBlank()) {
            return S3Connection.AWS;
        }
        URI endpoint = URI.create(s3Endpoint.strip());
        if (endpoint.getHost() == null || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("masterflow.archive.s3-endpoint takes the S3-compatible store's URL, "
                    + "e.g. http://minio:9000: '" + s3Endpoint + "'");
        }
        return new S3Connection(endpoint);
    }
}
