package io.masterflow.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Load harness of the command API: how many commands a second a running server sustains with N concurrent
 * clients, their latency per operation, and how that compares with the raw commit rate of the PostgreSQL
 * underneath (same server, same settings, same concurrency). See bench/README.md.
 */
public final class CommandApiBenchmark {

    static final int EXIT_USAGE = 64;
    static final int EXIT_PREFLIGHT = 2;
    static final int EXIT_FAILED = 1;

    private static final Duration CEILING_MAX_WARMUP = Duration.ofSeconds(10);

    private CommandApiBenchmark() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(Options.USAGE);
            return 0;
        }
        if (args.length > 0 && args[0].equals("--summarize")) {
            return summarize(Arrays.asList(args).subList(1, args.length));
        }
        if (args.length > 0 && args[0].equals("--free-port")) {
            return freePort();
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(Options.USAGE);
            return EXIT_USAGE;
        }
        try {
            return benchmark(options);
        } catch (IOException | SQLException e) {
            System.err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }
    }

    private static int benchmark(Options options) throws IOException, SQLException, InterruptedException {
        Instant startedAt = Instant.now();
        Target target = Target.resolve(options);
        Database database = CommandLoad.databaseOf(target);
        Map<String, String> settings = null;
        if (database != null) {
            try (Connection connection = database.connect()) {
                settings = Database.settings(connection);
            }
        }
        CommandLoad load = new CommandLoad(options, target, database);
        try {
            load.preflight();
        } catch (IOException e) {
            System.err.println("error: the first flow did not go through, no load was started: " + e.getMessage());
            return EXIT_PREFLIGHT;
        }
        System.err.printf("command API at %s: %d clients, warmup %s, then measuring %s%n", options.url(),
                options.clients(), options.warmup(), options.duration());
        CommandLoad.Result api = load.run();

        PostgresCeiling.Result ceiling = null;
        if (options.ceiling() && database != null) {
            // a loop of INSERTs needs little warming up: the long warmups are for the server's JIT
            Duration warmup = options.warmup().compareTo(CEILING_MAX_WARMUP) < 0 ? options.warmup() : CEILING_MAX_WARMUP;
            System.err.printf("PostgreSQL ceiling at %s: %d connections, warmup %s, then measuring %s%n", database.url(),
                    options.clients(), warmup, options.duration());
            ceiling = new PostgresCeiling(database, options.clients(), warmup, options.duration(), target.watched()).run();
        }

        Report report = new Report(options, startedAt, settings, api, ceiling);
        report.printText(System.out);
        System.out.println(report.json());
        System.out.flush();
        return 0;
    }

    private static int summarize(List<String> files) {
        try {
            var runs = RunSummary.read(files.isEmpty() ? List.of("-") : files);
            if (runs.isEmpty()) {
                System.err.println("error: no benchmark JSON line found");
                return EXIT_FAILED;
            }
            RunSummary.print(runs, System.out);
            return 0;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    /** A TCP port free on the loopback interface right now (for scripts that start a server). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(socket.getLocalPort());
            return 0;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        }
    }
}
