package io.spate.executor.operators;

import io.spate.clock.ManualClock;
import io.spate.executor.state.ManualProcessingTimers;
import io.spate.jobgraph.KeyGroups;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code parallelism} Window operators of one spec, fed as a job would: records routed by key
 * group, watermarks to every subtask, processing time by hand, late records collected.
 */
final class WindowHarness {

    final OperatorSpec spec;
    final int parallelism;
    final ManualProcessingTimers time;
    final List<WindowOperator> operators = new ArrayList<>();
    final OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
    final OperatorTesting.CollectingOutput late = new OperatorTesting.CollectingOutput();
    private final int keyField;

    WindowHarness(OperatorSpec spec, int parallelism, long startMillis) {
        this.spec = spec;
        this.parallelism = parallelism;
        this.time = new ManualProcessingTimers(startMillis);
        this.keyField =
                spec.keyField().map(k -> spec.inputSchema().orElseThrow().indexOf(k)).orElse(-1);
        for (int s = 0; s < parallelism; s++) {
            operators.add(new WindowOperator(context(s), out));
        }
    }

    private OperatorContext context(int subtask) {
        return new OperatorContext(
                spec,
                "job",
                "test",
                "Window",
                subtask,
                parallelism,
                0,
                new ManualClock(),
                128,
                Duration.ofMillis(200),
                time,
                name -> late);
    }

    Row row() {
        return new Row(spec.inputSchema().orElseThrow());
    }

    void record(Row row) throws Exception {
        int s =
                keyField < 0
                        ? 0
                        : KeyGroups.subtaskOfKey(row.hashField(keyField), 128, parallelism);
        operators.get(s).processRecord(row);
    }

    void watermark(long watermark) throws Exception {
        for (WindowOperator op : operators) {
            op.processWatermark(watermark);
        }
    }

    void finish() throws Exception {
        watermark(Long.MAX_VALUE);
        for (WindowOperator op : operators) {
            op.finish();
        }
    }

    /** Every subtask's snapshot. */
    List<byte[]> snapshot() throws Exception {
        return OperatorSnapshots.of(operators, 1);
    }

    /** A fresh harness of {@code parallelism} restored from all of {@code snapshots}. */
    WindowHarness restoredAt(int parallelism, List<byte[]> snapshots) throws Exception {
        WindowHarness h = new WindowHarness(spec, parallelism, time.currentTimeMillis());
        for (WindowOperator op : h.operators) {
            for (byte[] snap : snapshots) {
                op.restoreState(new DataInputStream(new ByteArrayInputStream(snap)));
            }
        }
        h.out.rows.addAll(out.rows);
        h.late.rows.addAll(late.rows);
        return h;
    }
}
