package io.masterflow.benchmark.phase;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a large inventory costs the heap (run it with {@code bench/inventory-import.sh}, through
 * {@link InventoryImportBenchmarkRun}; it asserts nothing and is not part of the test suite): a CSV inventory of
 * {@code bench.inventoryMiB} (50 by default, the default limit) is written to a file, sent to
 * {@code POST /api/v1/inventories} from that file (so the client holds none of it), then imported by the asset-import
 * handler through {@code input.inventoryRef}. A sampler reads the heap in use every 2 ms; each step reports its peak
 * over the heap in use after a collection just before it. The command side and an embedded PostgreSQL run in this JVM.
 */
public final class InventoryImportBenchmark {

    private static final String ENGAGEMENT = "e1000000-0000-0000-0000-000000000000";
    private static final StringBuilder REPORT = new StringBuilder();

    private InventoryImportBenchmark() {
    }

    public static String run() throws Exception {
        int mebibytes = Integer.getInteger("bench.inventoryMiB", 50);
        // false: only store it, e.g. to show that a heap smaller than the inventory stores it (-DargLine=-Xmx96m)
        boolean importing = Boolean.parseBoolean(System.getProperty("bench.import", "true"));
        Path csv = Files.createTempFile("inventory", ".csv");
        long rows = writeCsv(csv, mebibytes * 1024L * 1024L);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext app = CommandSideApplication.application().run(
                     "--server.port=0",
                     "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres",
                     "--spring.datasource.password=postgres",
                     "--masterflow.security.jwt.secret=" + TestTokens.SECRET,
                     "--logging.level.root=WARN")) {
            int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            UUID account = UUID.randomUUID();
            String token = TestTokens.token("bench-operator", account, List.of(ENGAGEMENT), Roles.FLOW_OPERATOR);
            Api operator = new Api(port, token).withHeader("X-Engagement-Id", ENGAGEMENT);
            report("heap: at most %d MiB (-Xmx); inventory: %d rows, %.1f MiB of CSV%n",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), rows, Files.size(csv) / (1024.0 * 1024.0));

            HeapPeak upload = HeapPeak.start();
            long began = System.nanoTime();
            HttpResponse<String> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inventories"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
            double uploadSeconds = (System.nanoTime() - began) / 1e9;
            upload.stop();
            if (stored.statusCode() != 201) {
                throw new IllegalStateException("cannot store the inventory: " + stored.statusCode() + " " + stored.body());
            }
            String reference = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored.body()).path("inventoryRef").asText();
            report("store (POST /api/v1/inventories): %.2f s, heap peak %s%n", uploadSeconds, upload);
            if (!importing) {
                return REPORT.toString();
            }

            String flow = operator.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "bench import")).field("flowId");
            HeapPeak imported = HeapPeak.start();
            began = System.nanoTime();
            Api.Response started = operator.post("/api/v1/flows/" + flow + "/execute",
                    Map.of("input", Map.of("source", "bench.csv", "inventoryRef", reference)));
            if (started.status() != 202) {
                throw new IllegalStateException("cannot start the import: " + started);
            }
            while (jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like '%Phase%ed'"
                    + " and payloadtype not like '%PhaseStarted'", Long.class, flow) == 0) {
                Thread.sleep(20);
            }
            double importSeconds = (System.nanoTime() - began) / 1e9;
            imported.stop();
            Integer startedBytes = jdbc.queryForObject("select length(payload) from domainevententry where aggregateidentifier = ? "
                    + "and payloadtype like '%PhaseStarted'", Integer.class, flow);
            Long assets = jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                    + "and payloadtype like '%AssetsDiscovered'", Long.class, flow);
            report("import (execute with inventoryRef -> PhaseCompleted): %.2f s = %.0f rows/s, %d AssetsDiscovered events, "
                    + "PhaseStarted payload %d bytes, heap peak %s%n", importSeconds, rows / importSeconds, assets, startedBytes, imported);
        } finally {
            Files.deleteIfExists(csv);
        }
        return REPORT.toString();
    }

    private static long writeCsv(Path file, long bytes) throws Exception {
        long rows = 0;
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            // rows of about 250 bytes, as an export of a CMDB with a free-text column: 50 MiB is some 210,000 of them
            String header = "asset_id,name,kind,os,cpu,ram_gb,datacenter,notes\n";
            String notes = "\"racked in hall 3, row 12; owner: platform team; patched monthly, backups nightly to the second site; "
                    + "decommission review due next year, see change record ";
            out.write(header);
            written += header.length();
            while (true) {
                String line = "srv-" + rows + ",server " + rows + ",server,linux," + (2 + rows % 16) + "," + (4 + rows % 64) + ",dc-" + rows % 3 + "," + notes + rows + "\"\n";
                if (written + line.length() > bytes) {
                    return rows;
                }
                out.write(line);
                written += line.length();
                rows++;
            }
        }
    }

    private static void report(String format, Object... arguments) {
        String line = String.format(format, arguments);
        REPORT.append(line);
        System.out.print(line);
    }

    /** The most heap in use while a step runs, sampled, over what was in use after a collection just before it. */
    private static final class HeapPeak {

        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

        private final long baseline;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        private HeapPeak(long baseline) {
            this.baseline = baseline;
            this.sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static HeapPeak start() {
            System.gc();
            return new HeapPeak(MEMORY.getHeapMemoryUsage().getUsed());
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join();
        }

        @Override
        public String toString() {
            long mebibyte = 1024 * 1024;
            return String.format("%d MiB in use at most, %d MiB over the %d MiB in use after a collection just before",
                    peak.get() / mebibyte, Math.max(0, peak.get() - baseline) / mebibyte, baseline / mebibyte);
        }
    }
}
