package io.masterflow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A jar of the build, run as an operator runs it ({@code java -jar}), in a JVM of its own: what it needs at run time
 * must be in the jar, not on the tests' class path. Standard output and error go together to a file beside the jar,
 * so a failed test can be read back, and so that a chatty process never blocks on a full pipe.
 *
 * <p>The jar's path comes from a system property that the module's failsafe configuration sets, because the tests
 * that run it are integration tests: they run after the package phase made it.
 */
public final class PackagedJar implements AutoCloseable {

    private final Process process;
    private final Path output;

    private PackagedJar(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** The jar named by a system property, which must exist: run the tests with {@code verify}, not {@code test}. */
    public static Path fromProperty(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("no packaged jar at " + property + "=" + path
                    + ": these tests run in the integration-test phase (./mvnw verify), after the jar is built");
        }
        return Path.of(path);
    }

    public static PackagedJar start(Path jar, List<String> arguments, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile(jar.getParent(), jar.getFileName() + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).directory(Files.createTempDirectory(jar.getParent(), "run-").toFile());
            builder.environment().putAll(environment);
            return new PackagedJar(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits until the process has printed {@code text}; false when it ends or the time runs out before. */
    public boolean awaitOutput(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            sleep(Duration.ofMillis(200));
        }
        return false;
    }

    /** The exit code, once the process has ended by itself within the timeout. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + "; it printed:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the process as kill -9 does: no shutdown hook runs, an open transaction is left to the database to undo. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far, standard output and error interleaved as they came. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on: taken from the system, then let go. */
    public static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
