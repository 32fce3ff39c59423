package io.spate.coordinator.checkpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's checkpoint meters on {@code /q/metrics}: the latest completed checkpoint of any
 * job (duration, size, longest alignment) and counts of completed and failed ones. Written by every
 * job master's thread, so the values are atomics.
 */
public class CheckpointMetrics {

    /** Measures nothing (unit tests). */
    public static final CheckpointMetrics NONE = new CheckpointMetrics();

    private final AtomicLong lastDurationMs = new AtomicLong();
    private final AtomicLong lastSizeBytes = new AtomicLong();
    private final AtomicLong lastAlignmentMicros = new AtomicLong();
    private final Counter completed;
    private final Counter failed;

    private CheckpointMetrics() {
        this.completed = null;
        this.failed = null;
    }

    public CheckpointMetrics(MeterRegistry meters) {
        Gauge.builder("spate.checkpoint.last.duration", lastDurationMs, AtomicLong::get)
                .description("end-to-end duration of the latest completed checkpoint")
                .baseUnit("milliseconds")
                .register(meters);
        Gauge.builder("spate.checkpoint.last.size", lastSizeBytes, AtomicLong::get)
                .description("state size of the latest completed checkpoint")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("spate.checkpoint.last.alignment", lastAlignmentMicros, a -> a.get() / 1000.0)
                .description(
                        "longest barrier alignment of any task in the latest completed checkpoint")
                .baseUnit("milliseconds")
                .register(meters);
        this.completed = Counter.builder("spate.checkpoints.completed").register(meters);
        this.failed = Counter.builder("spate.checkpoints.failed").register(meters);
    }

    void completed(CompletedCheckpoint checkpoint) {
        if (completed == null) {
            return;
        }
        lastDurationMs.set(checkpoint.durationMs());
        lastSizeBytes.set(checkpoint.stateSize());
        lastAlignmentMicros.set(Math.round(checkpoint.maxAlignmentMs() * 1000));
        completed.increment();
    }

    void failed() {
        if (failed != null) {
            failed.increment();
        }
    }
}
