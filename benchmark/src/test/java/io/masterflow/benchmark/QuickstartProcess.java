package io.masterflow.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quickstart jar run as a user runs it, on a fresh data folder and a free port; its banner gives the address and
 * the demo token. Stopped (gracefully, so that its embedded PostgreSQL stops too) when closed.
 */
final class QuickstartProcess implements AutoCloseable {

    private static final Pattern DASHBOARD = Pattern.compile("^\\s+Dashboard\\s+(http://\\S+?)/?$");
    private static final Pattern TOKEN = Pattern.compile("^\\s+([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)$");

    private final Process process;
    private final Path dataDir;
    private final String baseUrl;
    private final String token;

    private QuickstartProcess(Process process, Path dataDir, String baseUrl, String token) {
        this.process = process;
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    static QuickstartProcess start(Path jar, Path log) throws IOException {
        Path dataDir = Files.createTempDirectory("masterflow-dashboard-bench-");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=0", "--masterflow.data-dir=" + dataDir)
                .redirectErrorStream(true).start();
        CompletableFuture<String[]> banner = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            String url = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    Matcher dashboard = DASHBOARD.matcher(line);
                    Matcher token = TOKEN.matcher(line);
                    if (dashboard.matches()) {
                        url = dashboard.group(1);
                    } else if (token.matches() && url != null && !banner.isDone()) {
                        banner.complete(new String[]{url, token.group(1)});
                    }
                }
            } catch (IOException e) {
                banner.completeExceptionally(e);
            }
            banner.completeExceptionally(new IllegalStateException("the quickstart ended before its banner; see " + log));
        }, "quickstart-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String[] found = banner.get(240, TimeUnit.SECONDS);
            return new QuickstartProcess(process, dataDir, found[0], found[1]);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the quickstart did not print its banner; see " + log, e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    String token() {
        return token;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
