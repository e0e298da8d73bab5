package dev.rdpc.tools;

import dev.rdpc.decoder.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal: {@code label [#######.............]  35%  17/49  12.3 s}.
 * Redraws in place with a carriage return, at most every {@value #REDRAW_MILLIS} ms and always on
 * the last unit; {@link #close()} ends the line if anything was drawn. Serves both the encoder
 * (layers, in thousandths) and the decoder (model calls). Only created when stderr is a terminal
 * ({@link #forTerminal}); otherwise the commands stay quiet.
 *
 * <p>Java 17 can only tell whether the process has a console ({@code System.console()}: stdin and stdout
 * both terminals), which says nothing about stderr: {@code rdpc compress ... 2>log} from a shell drew the
 * bar into the log. On Linux, {@code /proc/self/fd/2} links to the device behind stderr, and a terminal is
 * a {@code /dev/pts/N} or {@code /dev/ttyN} device; elsewhere no bar is drawn.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {
    static final int WIDTH = 30;
    static final long REDRAW_MILLIS = 100;

    private final PrintWriter out;
    private final String label;
    private final String unit;
    private final LongSupplier clockNanos;
    private final long started;
    private long lastDrawn = Long.MIN_VALUE;
    private boolean drawn;

    ProgressBar(PrintWriter out, String label, String unit, LongSupplier clockNanos) {
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.clockNanos = clockNanos;
        this.started = clockNanos.getAsLong();
    }

    /** A bar on {@code err} when standard error is a terminal, else null (callers pass a no-op listener). */
    static ProgressBar forTerminal(PrintWriter err, String label, String unit) {
        return standardErrorIsTerminal() ? new ProgressBar(err, label, unit, System::nanoTime) : null;
    }

    /** Whether file descriptor 2 is a terminal, as far as Linux's /proc tells; false where it cannot tell. */
    static boolean standardErrorIsTerminal() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Whether a /proc/self/fd link target names a terminal device (pseudo-terminal, virtual console, serial line). */
    static boolean isTerminalDevice(String linkTarget) {
        return linkTarget.startsWith("/dev/pts/") || linkTarget.startsWith("/dev/tty") || linkTarget.equals("/dev/console");
    }

    @Override
    public synchronized void onProgress(int completed, int total) {
        update(completed, total);
    }

    private void update(int completed, int total) {
        long now = clockNanos.getAsLong();
        if (completed < total && drawn && now - lastDrawn < REDRAW_MILLIS * 1_000_000L) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        out.print('\r');
        out.print(render(completed, total, (now - started) / 1e9));
        out.flush();
    }

    /** The bar's text for {@code completed} of {@code total} units after {@code seconds}. */
    String render(int completed, int total, double seconds) {
        double fraction = total <= 0 ? 1.0 : Math.max(0.0, Math.min(1.0, completed / (double) total));
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder bar = new StringBuilder(label.length() + WIDTH + 40);
        bar.append(label).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        bar.append(String.format(Locale.ROOT, "] %3d%%  %d/%d %s  %.1f s",
                (int) Math.floor(fraction * 100), completed, total, unit, seconds));
        return bar.toString();
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }
}
