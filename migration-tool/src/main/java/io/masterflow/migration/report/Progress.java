package io.masterflow.migration.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rows done, rate and time left while a run works: a bar redrawn in place on a terminal, a plain line every ten
 * seconds otherwise (a log file or a CI console would fill up with redrawn bars).
 */
public final class Progress implements AutoCloseable {

    private static final int BAR_WIDTH = 30;

    private final LongSupplier done;
    private final long total;
    private final String unit;
    private final boolean terminal;
    private final PrintStream out;
    private final long startedAt = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private long lastDone;
    private long lastAt = startedAt;
    private double smoothedRate = -1;

    private Progress(LongSupplier done, long total, String unit, boolean terminal, PrintStream out) {
        this.done = done;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
        this.out = out;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "migration-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts reporting on {@code out}; a terminal (a console is attached) gets the bar. */
    public static Progress start(LongSupplier done, long total, PrintStream out) {
        return start(done, total, "rows", out);
    }

    /** @param unit what {@code done} counts, as the progress line names it */
    public static Progress start(LongSupplier done, long total, String unit, PrintStream out) {
        boolean terminal = System.console() != null;
        Progress progress = new Progress(done, total, unit, terminal, out);
        long period = terminal ? 500 : 10_000;
        progress.ticker.scheduleAtFixedRate(progress::print, period, period, TimeUnit.MILLISECONDS);
        return progress;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print();
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    private synchronized void print() {
        long now = System.nanoTime();
        long rows = done.getAsLong();
        double seconds = (now - lastAt) / 1e9;
        if (seconds > 0) {
            double rate = (rows - lastDone) / seconds;
            smoothedRate = smoothedRate < 0 ? rate : 0.7 * smoothedRate + 0.3 * rate;
        }
        lastDone = rows;
        lastAt = now;
        double overallRate = rows / Math.max(1e-9, (now - startedAt) / 1e9);
        double rate = smoothedRate > 0 ? smoothedRate : overallRate;
        String left = rate > 0 && rows < total ? format(Duration.ofSeconds((long) ((total - rows) / rate))) : "-";
        double fraction = total == 0 ? 1 : Math.min(1, rows / (double) total);
        String counts = String.format(Locale.ROOT, "%,d / %,d %s  %,.0f %s/s  time left %s", rows, total, unit, rate, unit, left);
        if (terminal) {
            int filled = (int) (fraction * BAR_WIDTH);
            String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
            out.printf(Locale.ROOT, "\r[%s] %5.1f%%  %s   ", bar, fraction * 100, counts);
        } else {
            out.printf(Locale.ROOT, "progress: %.1f%%  %s%n", fraction * 100, counts);
        }
        out.flush();
    }

    private static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
