package io.masterflow.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * For benchmarking the command side on its own (no quickstart): an embedded PostgreSQL laid out like a
 * quickstart data directory (DIR/postgres, DIR/jwt-secret), durable (fsync, synchronous_commit and
 * full_page_writes on), listening on loopback. Runs until the process is stopped, then stops the database.
 *
 * <pre>java -cp masterflow-benchmark.jar io.masterflow.benchmark.EmbeddedPostgresLauncher DIR</pre>
 */
public final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: java -cp masterflow-benchmark.jar " + EmbeddedPostgresLauncher.class.getName() + " DIR");
            System.exit(CommandApiBenchmark.EXIT_USAGE);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir);
        Path secret = dir.resolve("jwt-secret");
        if (!Files.exists(secret)) {
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            Files.writeString(secret, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                    StandardCharsets.UTF_8);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the process is going away anyway
            }
        }, "stop-postgres"));
        System.out.println("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
