package io.spate.executor.operators.userfunction;

import io.spate.api.Collector;
import io.spate.api.KeyedProcessFunction;
import io.spate.api.TimerService;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.executor.operators.Output;
import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.ProcessingTimers;
import io.spate.record.FieldType;
import io.spate.record.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link KeyedProcessFunction} as an operator (Flink: KeyedProcessOperator), after a KeyBy: the
 * key of each row is made current in a {@link KeyedStateBackend} (the one RunningCount and Window
 * use), so the function's state and timers are the key's; timers are {@link KeyedTimers} in the
 * same backend, fired by the watermark (event time) and the task's processing-time callbacks, with
 * their key current. State and timers are checkpointed per key group.
 *
 * <p>The function registers its states in {@code open}, after the task restored the operator, so a
 * restore keeps the snapshot's bytes and applies them once {@code open} registered the states (a
 * snapshot names its states, in order). Snapshot: {@code [length: int][the backend's snapshot]}.
 * Task thread only.
 */
final class KeyedProcessOperator implements OneInputOperator {

    /** Every timer of the API has this namespace: the function's own time is all there is. */
    private static final long NAMESPACE = 0;

    private final FunctionRuntime runtime;
    private final KeyedProcessFunction function;
    private final KeyedStateBackend backend;
    private final KeyedTimers timers;
    private final ProcessingTimers processing;
    private final FunctionState state;
    private final int keyIn;
    private final FieldType keyType;
    private final Collector collector;
    private final Contexts contexts = new Contexts();
    private final List<byte[]> restored = new ArrayList<>();
    private boolean opened;

    KeyedProcessOperator(
            OperatorContext context,
            FunctionRuntime runtime,
            KeyedProcessFunction function,
            Output out) {
        this.runtime = runtime;
        this.function = function;
        String key = context.spec().keyField().orElseThrow();
        this.keyIn = runtime.inputSchema().indexOf(key);
        this.keyType = runtime.inputSchema().field(keyIn).type();
        this.backend = new KeyedStateBackend(context.keyGroupRange(), keyType);
        this.processing = context.processingTimers();
        this.timers = backend.timers("timers", this::onTimer, processing);
        this.state = new FunctionState(backend, runtime.transformName());
        runtime.keyedState(state);
        this.collector = row -> out.emit(runtime.checkOutput(row));
    }

    @Override
    public void open() throws Exception {
        function.open(runtime);
        state.freeze();
        for (byte[] snapshot : restored) {
            backend.restore(new DataInputStream(new ByteArrayInputStream(snapshot)));
        }
        restored.clear();
        timers.resumeProcessingTime();
        opened = true;
    }

    @Override
    public void processRecord(Row row) throws Exception {
        Object key =
                switch (keyType) {
                    case STRING -> row.getString(keyIn);
                    case LONG -> row.getLong(keyIn);
                    case DOUBLE -> row.getDouble(keyIn);
                    case BOOLEAN -> row.getBoolean(keyIn);
                };
        backend.setCurrentKey(key, row.hashField(keyIn));
        contexts.eventTime = false;
        function.processElement(row, contexts, collector);
    }

    private void onTimer(long timestamp, long namespace, boolean eventTime) throws Exception {
        contexts.eventTime = eventTime;
        function.onTimer(timestamp, contexts, collector);
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        timers.advanceWatermark(watermark);
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        if (!opened) {
            throw new IOException(runtime.transformName() + ": snapshot before open");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        backend.snapshot(data);
        data.flush();
        out.writeInt(bytes.size());
        out.write(bytes.toByteArray());
    }

    /** Keeps one old subtask's snapshot (once per old subtask on rescale) for {@link #open}. */
    @Override
    public void restoreState(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("keyed process state of " + length + " bytes");
        }
        byte[] snapshot = new byte[length];
        in.readFully(snapshot);
        restored.add(snapshot);
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        runtime.report(metrics);
    }

    /** The one context object handed to every call (no allocation per record). */
    private final class Contexts implements KeyedProcessFunction.OnTimerContext, TimerService {
        boolean eventTime;

        @Override
        public Object currentKey() {
            return backend.currentKey();
        }

        @Override
        public TimerService timerService() {
            return this;
        }

        @Override
        public boolean eventTime() {
            return eventTime;
        }

        @Override
        public long currentProcessingTime() {
            return processing.currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerEventTimeTimer(long time) {
            timers.registerEventTimeTimer(NAMESPACE, time);
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(NAMESPACE, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            timers.deleteEventTimeTimer(NAMESPACE, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(NAMESPACE, time);
        }
    }
}
