package io.spate.executor.operators.join;

import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.executor.operators.Output;
import io.spate.executor.operators.TwoInputOperator;
import io.spate.executor.state.KeyedStateBackend;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.Joins;
import io.spate.transform.TransformConfig;
import io.spate.transform.Windows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Join}, the two-input operator of a regular, interval or window join (Flink:
 * StreamingJoinOperator, IntervalJoinOperator, a window join), task thread only. Both inputs are
 * hash partitioned by their keys; per key, the kept rows live in one {@link KeyedStateBackend} with
 * their timers, so a snapshot is cut by key group and restores at any parallelism. This class reads
 * each side's key and event time and counts late rows; a {@link JoinMechanism} per join kind keeps
 * and matches the rows ({@link RegularJoin}, {@link IntervalJoin}, {@link WindowJoin}, {@link
 * SessionJoin}); {@link JoinOutput} builds the rows, as {@link Joins#columns} lays them out.
 *
 * <p>Metrics: {@code late-records} (dropped: at or below the watermark for an interval join, all
 * windows fired for a window join), {@code joined-rows} (emitted), {@code state-entries} (keys and
 * timers), {@code state-rows} (rows kept).
 */
public final class JoinOperator implements TwoInputOperator {

    private static final int LEFT = JoinMechanism.LEFT;
    private static final int RIGHT = JoinMechanism.RIGHT;

    private final KeyedStateBackend backend;
    private final JoinMechanism mechanism;
    private final JoinOutput output;
    private final FieldType keyType;
    private final int[] keyIn = new int[2];
    private final int[] timeIn = {-1, -1};
    private final RowBuffer[] staged;
    private long lateRecords;
    private long watermark = Long.MIN_VALUE;
    private long restoredWatermark = Long.MAX_VALUE; // the least of the snapshots restored

    public JoinOperator(OperatorContext context, Output out) {
        OperatorSpec spec = context.spec();
        TransformConfig config = spec.config();
        List<JobEdge> inputs = context.inputs();
        String name = "Join \"" + spec.name() + "\"";
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    name + " reads two inputs, its context has " + inputs.size());
        }
        Schema emitted =
                spec.outputSchema()
                        .orElseThrow(
                                () -> new IllegalArgumentException(name + " has no output schema"));
        boolean eventTime = config.has(Joins.WINDOW) || config.has(Joins.INTERVAL);
        for (int s = 0; s < 2; s++) {
            JobEdge edge = inputs.get(s);
            String sideName = s == LEFT ? "left" : "right";
            String key =
                    edge.keyField()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    name
                                                            + ": its "
                                                            + sideName
                                                            + " input is not hash partitioned by"
                                                            + " its key"));
            keyIn[s] = edge.schema().indexOf(key);
            if (eventTime) {
                String time =
                        edge.timestampField()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        name
                                                                + ": its "
                                                                + sideName
                                                                + " input has no event time"));
                timeIn[s] = edge.schema().indexOf(time);
                if (timeIn[s] < 0 || edge.schema().field(timeIn[s]).type() != FieldType.LONG) {
                    throw new IllegalArgumentException(
                            name
                                    + ": the event time '"
                                    + time
                                    + "' of its "
                                    + sideName
                                    + " input is no long field of "
                                    + edge.schema());
                }
            }
        }
        keyType = inputs.get(LEFT).schema().field(keyIn[LEFT]).type();
        FieldType rightKey = inputs.get(RIGHT).schema().field(keyIn[RIGHT]).type();
        if (rightKey != keyType) {
            throw new IllegalArgumentException(
                    name
                            + ": the keys differ in type: "
                            + keyType.specName()
                            + " and "
                            + rightKey.specName());
        }
        List<Joins.Column> columns = columns(name, inputs, config, emitted);
        RowLayout[] layouts = new RowLayout[2];
        for (int s = 0; s < 2; s++) {
            Set<String> kept = new LinkedHashSet<>();
            Joins.Side side = s == LEFT ? Joins.Side.LEFT : Joins.Side.RIGHT;
            for (Joins.Column c : columns) {
                if (c.side() == side) {
                    kept.add(c.field());
                }
            }
            layouts[s] = new RowLayout(inputs.get(s).schema(), List.copyOf(kept));
        }
        this.output = new JoinOutput(emitted, columns, layouts[LEFT], layouts[RIGHT], out);
        this.staged =
                new RowBuffer[] {new RowBuffer(layouts[LEFT], 1), new RowBuffer(layouts[RIGHT], 1)};
        this.backend = new KeyedStateBackend(context.keyGroupRange(), keyType);
        String kind = config.has(Joins.KIND) ? config.getString(Joins.KIND) : "inner";
        boolean full = kind.equals("full");
        boolean[] outer = {full || kind.equals("left"), full || kind.equals("right")};
        var processing = context.processingTimers();
        if (config.has(Joins.INTERVAL)) {
            long[] bounds = Joins.bounds(config);
            mechanism =
                    new IntervalJoin(
                            backend,
                            layouts[LEFT],
                            layouts[RIGHT],
                            bounds[0],
                            bounds[1],
                            outer,
                            processing,
                            output);
        } else if (config.has(Joins.WINDOW)) {
            TransformConfig w = config.getConfig(Joins.WINDOW);
            if (w.has(Windows.SESSION)) {
                mechanism =
                        new SessionJoin(
                                backend,
                                layouts[LEFT],
                                layouts[RIGHT],
                                w.getConfig(Windows.SESSION).getDuration("gap").toMillis(),
                                outer,
                                processing,
                                output);
            } else {
                long[] sizeAndSlide = Windows.sizeAndSlideMillis(w);
                mechanism =
                        new WindowJoin(
                                backend,
                                layouts[LEFT],
                                layouts[RIGHT],
                                sizeAndSlide[0],
                                sizeAndSlide[1],
                                outer,
                                processing,
                                output);
            }
        } else {
            if (outer[LEFT] || outer[RIGHT]) {
                throw new IllegalArgumentException(
                        name + ": a regular join is inner only, not " + kind);
            }
            long ttl =
                    config.has(Joins.STATE_TTL)
                            ? config.getDuration(Joins.STATE_TTL).toMillis()
                            : 0;
            mechanism =
                    new RegularJoin(
                            backend, layouts[LEFT], layouts[RIGHT], ttl, processing, output);
        }
    }

    /**
     * The output columns: {@link Joins#columns} of the two inputs as the resolver saw them, that is
     * without the computed key field an input may end with ({@code <join>.key}, a name no plain
     * field has), checked against the output schema.
     */
    private static List<Joins.Column> columns(
            String name, List<JobEdge> inputs, TransformConfig config, Schema emitted) {
        List<Schema[]> candidates = new ArrayList<>();
        Schema left = inputs.get(LEFT).schema();
        Schema right = inputs.get(RIGHT).schema();
        Schema leftAsWritten = withoutComputedKey(inputs.get(LEFT));
        Schema rightAsWritten = withoutComputedKey(inputs.get(RIGHT));
        candidates.add(new Schema[] {leftAsWritten, rightAsWritten});
        if (leftAsWritten != left || rightAsWritten != right) {
            candidates.add(new Schema[] {left, right});
        }
        List<String> problems = new ArrayList<>();
        for (Schema[] c : candidates) {
            Optional<List<Joins.Column>> columns =
                    Joins.columns(c[0], c[1], config, (key, message) -> problems.add(message));
            if (columns.isPresent()
                    && columns.get().stream()
                            .map(col -> new Field(col.name(), col.type()))
                            .toList()
                            .equals(emitted.fields())) {
                return columns.get();
            }
        }
        throw new IllegalArgumentException(
                name
                        + ": its output schema "
                        + emitted
                        + " is not the join of its inputs "
                        + left
                        + " and "
                        + right
                        + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
    }

    /** The edge's schema without a last field that is its computed key (no plain name). */
    private static Schema withoutComputedKey(JobEdge edge) {
        Schema s = edge.schema();
        String key = edge.keyField().orElse(null);
        Field last = s.size() == 0 ? null : s.field(s.size() - 1);
        if (last == null
                || !last.name().equals(key)
                || last.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return s;
        }
        return new Schema(s.fields().subList(0, s.size() - 1));
    }

    @Override
    public void processRecord1(Row row) throws Exception {
        process(LEFT, row);
    }

    @Override
    public void processRecord2(Row row) throws Exception {
        process(RIGHT, row);
    }

    private void process(int side, Row row) throws Exception {
        int timeField = timeIn[side];
        long t = timeField < 0 ? 0 : row.getLong(timeField);
        if (mechanism.isLate(side, t)) {
            lateRecords++;
            return;
        }
        int keyField = keyIn[side];
        Object key =
                switch (keyType) {
                    case LONG -> row.getLong(keyField);
                    case STRING -> row.getString(keyField);
                    case DOUBLE -> row.getDouble(keyField);
                    case BOOLEAN -> row.getBoolean(keyField);
                };
        backend.setCurrentKey(key, row.hashField(keyField));
        RowBuffer s = staged[side];
        s.clear();
        s.append(row, t, false);
        mechanism.add(side, s, t);
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        if (watermark > this.watermark) {
            this.watermark = watermark;
            mechanism.advanceWatermark(watermark);
        }
    }

    /**
     * After a restore: the watermark the snapshots had (the least of them), so a row late before
     * the checkpoint is late after it too, and the output does not depend on where a job restarted.
     * Their timers are all after it: nothing fires.
     */
    @Override
    public void open() throws Exception {
        if (restoredWatermark != Long.MAX_VALUE) {
            processWatermark(restoredWatermark);
        }
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeInt(backend.range().first());
        out.writeLong(watermark);
        out.writeLong(lateRecords);
        out.writeLong(output.emitted());
        backend.snapshot(out);
    }

    /**
     * Adds one snapshot's key groups that this subtask owns; called once per old subtask when the
     * parallelism changed. The old subtask's counts go to the one new subtask that owns its first
     * key group, so their sum over the subtasks stays the total.
     */
    @Override
    public void restoreState(DataInput in) throws IOException {
        int firstGroup = in.readInt();
        restoredWatermark = Math.min(restoredWatermark, in.readLong());
        long late = in.readLong();
        long emittedBefore = in.readLong();
        if (backend.range().contains(firstGroup)) {
            lateRecords += late;
            output.addEmitted(emittedBefore);
        }
        backend.restore(in);
        mechanism.restored();
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        metrics.gauge("late-records", lateRecords);
        metrics.gauge("joined-rows", output.emitted());
        metrics.gauge("state-entries", backend.size());
        metrics.gauge("state-rows", mechanism.rows());
    }

    // ---- views for tests (task thread) -----------------------------------------------------

    public long lateRecords() {
        return lateRecords;
    }

    public long stateEntries() {
        return backend.size();
    }

    public long stateRows() {
        return mechanism.rows();
    }
}
