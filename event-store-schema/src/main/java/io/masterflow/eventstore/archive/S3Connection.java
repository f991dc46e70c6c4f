package io.masterflow.eventstore.archive;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;

/**
 * How archives on S3 are reached: the AWS SDK's default chains for the region ({@code AWS_REGION}, the profile's
 * region, the instance's) and the credentials ({@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}, the profile
 * in {@code ~/.aws}, web identity, the container's or instance's role), and, for an S3-compatible store such as MinIO,
 * its endpoint, addressed path-style ({@code http://host:9000/bucket/key}), since such stores seldom serve a host name
 * per bucket.
 *
 * @param endpoint the S3-compatible store's URL; null for AWS S3 itself
 */
public record S3Connection(URI endpoint) {

    public static final S3Connection AWS = new S3Connection(null);

    public S3Client client() {
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            // S3-compatible stores do not all take the checksums the SDK now sends with every upload by default
            builder.endpointOverride(endpoint).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        builder.region(region());
        return builder.build();
    }

    /** The default chain's region; a store of its own at an endpoint often has none, and then any region signs. */
    private Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException none) {
            if (endpoint != null) {
                return Region.US_EAST_1;
            }
            throw new IllegalStateException("no AWS region for the S3 archive: set AWS_REGION (or a profile's region)", none);
        }
    }
}
