package io.masterflow.migration.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the archive tests: S3Proxy over a folder (its filesystem backend), in a JVM of its own
 * (its self-contained jar, copied by the build to {@code target/s3-server}), with signed requests. The migration tool
 * reaches it as an operator's would reach MinIO: {@code --s3-endpoint}, and the credentials and region through the AWS
 * SDK's default chain, here its system properties ({@code aws.accessKeyId}, {@code aws.secretAccessKey},
 * {@code aws.region}), which this server sets for the tests' JVM.
 */
public final class S3Server implements AutoCloseable {

    private static final String ACCESS_KEY = "masterflow-test";
    private static final String SECRET_KEY = "masterflow-test-secret";

    private final Process process;
    private final String endpoint;
    private final S3Client client;

    private S3Server(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(URI.create(endpoint))
                .forcePathStyle(true).region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build();
    }

    /** A server storing under {@code folder}, with one empty bucket of that name. */
    public static S3Server start(Path folder, String bucket) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("s3.server.jar", "target/s3-server/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3 server at " + jar.toAbsolutePath() + ": the build copies it there "
                    + "(maven-dependency-plugin, generate-test-resources)");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path data = Files.createDirectories(folder.resolve("data"));
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", "s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY, "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data, ""));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toAbsolutePath().toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("s3proxy.log").toFile()).start();
        for (int wait = 0; !answers(port); wait++) {
            if (!process.isAlive() || wait == 600) {
                process.destroyForcibly();
                throw new IllegalStateException("the S3 server did not start: " + Files.readString(folder.resolve("s3proxy.log")));
            }
            Thread.sleep(100);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        System.setProperty("aws.region", "us-east-1");
        S3Server server = new S3Server(process, endpoint);
        server.client.createBucket(create -> create.bucket(bucket));
        return server;
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The URL to give {@code --s3-endpoint}. */
    public String endpoint() {
        return endpoint;
    }

    /** Every object of the bucket under the prefix, by key, with its bytes (not folder placeholders). */
    public Map<String, byte[]> objects(String bucket, String prefix) {
        Map<String, byte[]> objects = new TreeMap<>();
        List<S3Object> listed = client.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream().toList();
        for (S3Object object : listed) {
            if (object.key().endsWith("/")) {
                // the filesystem backend lists its folders as such keys; they are not objects anyone wrote
                continue;
            }
            objects.put(object.key(), client.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asByteArray());
        }
        return objects;
    }

    public void delete(String bucket, String key) {
        client.deleteObject(delete -> delete.bucket(bucket).key(key));
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
