package io.masterflow.migration.support;

import io.masterflow.migration.MigrateCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line in this JVM, as an operator would run the jar, and keeps what it printed. */
public final class Cli {

    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = MigrateCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Arguments for a source and a target of the test server, then any others. */
    public static String[] args(String sourceUrl, String targetUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("--source-url", sourceUrl, "--source-user", TestDatabases.USER,
                "--source-password", TestDatabases.PASSWORD));
        if (targetUrl != null) {
            args.addAll(List.of("--target-url", targetUrl, "--target-user", TestDatabases.USER, "--target-password", TestDatabases.PASSWORD));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
