package io.spate.coordinator.metrics;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Merges the latency histograms of a LatencyHistogram sink's subtasks. Each subtask sends its
 * HdrHistogram in the compressed encoding ({@code TaskMetrics.latency_histogram}); values are
 * microseconds, as the sink records them.
 */
public final class LatencyHistograms {

    private Histogram merged;
    private int corrupt;

    /** Adds one subtask's histogram; an empty one is skipped, a corrupt one counted and skipped. */
    public void add(byte[] compressed) {
        if (compressed.length == 0) {
            return;
        }
        Histogram histogram;
        try {
            histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        } catch (DataFormatException | RuntimeException e) {
            corrupt++;
            return;
        }
        if (merged == null) {
            merged = new Histogram(histogram.getNumberOfSignificantValueDigits());
            merged.setAutoResize(true);
        }
        merged.add(histogram);
    }

    /** How many histograms could not be decoded. */
    public int corrupt() {
        return corrupt;
    }

    /** The merged histogram; empty when no subtask sent one. */
    public Optional<Histogram> merged() {
        return Optional.ofNullable(merged);
    }
}
