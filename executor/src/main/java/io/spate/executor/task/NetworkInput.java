package io.spate.executor.task;

import io.spate.executor.checkpoint.BarrierAligner;
import io.spate.executor.network.event.CheckpointBarrier;
import io.spate.executor.network.event.EndOfPartition;
import io.spate.executor.network.event.RuntimeEvent;
import io.spate.executor.network.event.Watermark;
import io.spate.executor.network.event.WatermarkStatus;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.operators.Output;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A consuming vertex's default action, on the task thread: reads the union of its input gates into
 * the head operator, at most {@code batchSize} records per turn. Gates are served round-robin
 * record by record, so a busy input cannot starve another. Checkpoint barriers and EndOfPartitions
 * go to the {@link BarrierAligner}, which sees every channel of every gate under one flat index
 * (gate offset + channel) and blocks channels through their gates; watermarks and watermark status
 * go to the {@link WatermarkValve} under the same index, whose minimum enters the chain. Each gate
 * has its own way into the head (one per side of a two-input head), in the vertex's input order.
 */
final class NetworkInput implements InputProcessor {

    private final RecordReader[] readers;
    private final RowSerializer[] serializers;
    private final Row[] rows;
    private final boolean[] ended;
    private final Output[] heads; // per gate: where its records go
    private final WatermarkValve valve;
    private final int batchSize;
    private final int[] channelOffset; // per gate: flat index of its channel 0
    private final BarrierAligner aligner;
    private int endedCount;
    private int cursor;
    private long bytesIn;

    NetworkInput(
            List<RecordReader> readers,
            List<RowSerializer> serializers,
            List<Output> heads,
            int batchSize,
            long lastCheckpointId,
            BarrierAligner.Listener checkpoints) {
        this.readers = readers.toArray(new RecordReader[0]);
        this.serializers = serializers.toArray(new RowSerializer[0]);
        this.rows = new Row[this.readers.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Row(this.serializers[i].schema());
        }
        this.ended = new boolean[this.readers.length];
        this.heads = heads.toArray(new Output[0]);
        if (this.heads.length != this.readers.length) {
            throw new IllegalArgumentException(
                    this.readers.length + " gates and " + this.heads.length + " head inputs");
        }
        Output head = this.heads[0]; // every head input takes the watermarks of all inputs
        this.batchSize = batchSize;
        this.channelOffset = new int[this.readers.length];
        int channels = 0;
        for (int g = 0; g < this.readers.length; g++) {
            channelOffset[g] = channels;
            channels += this.readers[g].gate().numberOfChannels();
        }
        this.aligner =
                new BarrierAligner(channels, lastCheckpointId, new GateChannels(), checkpoints);
        this.valve =
                new WatermarkValve(
                        channels,
                        new WatermarkValve.Listener() {
                            @Override
                            public void onWatermark(long watermark) throws Exception {
                                head.emitWatermark(watermark);
                            }

                            @Override
                            public void onIdle(boolean idle) throws Exception {
                                head.emitWatermarkStatus(idle);
                            }
                        });
    }

    @Override
    public Status processBatch() throws Exception {
        int n = readers.length;
        int records = 0;
        int events = 0;
        int idleInARow = 0;
        while (records < batchSize && idleInARow < n && endedCount < n) {
            int g = cursor;
            cursor = cursor + 1 == n ? 0 : cursor + 1;
            if (ended[g]) {
                idleInARow++;
                continue;
            }
            switch (readers[g].next(rows[g])) {
                case RECORD -> {
                    bytesIn += serializers[g].serializedSize(rows[g]);
                    heads[g].emit(rows[g]);
                    records++;
                    idleInARow = 0;
                }
                case EVENT -> {
                    onEvent(g, readers[g].event(), readers[g].channelIndex());
                    events++;
                    idleInARow = 0;
                }
                case NOTHING_AVAILABLE -> idleInARow++;
                case END_OF_INPUT -> {
                    ended[g] = true;
                    endedCount++;
                    idleInARow = 0;
                }
            }
        }
        if (endedCount == n) {
            return Status.END;
        }
        return records + events > 0 ? Status.MORE : Status.NOTHING_AVAILABLE;
    }

    private void onEvent(int gate, RuntimeEvent event, int channel) throws Exception {
        int flat = channelOffset[gate] + channel;
        switch (event) {
            case CheckpointBarrier barrier -> aligner.onBarrier(flat, barrier, System.nanoTime());
            case EndOfPartition end -> {
                aligner.onEndOfPartition(flat, System.nanoTime());
                valve.onEnd(flat);
            }
            case Watermark w -> valve.onWatermark(flat, w.timestamp());
            case WatermarkStatus s -> valve.onStatus(flat, s == WatermarkStatus.IDLE);
        }
    }

    /** The input's current watermark (Long.MIN_VALUE before the first). */
    long watermark() {
        return valve.watermark();
    }

    /** The checkpoint being aligned, or -1 (for tests and logs). */
    long aligning() {
        return aligner.aligning();
    }

    /** Maps the aligner's flat channel indexes back to (gate, channel). */
    private final class GateChannels implements BarrierAligner.Channels {
        @Override
        public void block(int channel) {
            int g = gateOf(channel);
            readers[g].gate().blockChannel(channel - channelOffset[g]);
        }

        @Override
        public void resume(int channel) {
            int g = gateOf(channel);
            readers[g].gate().resumeChannel(channel - channelOffset[g]);
        }

        private int gateOf(int channel) {
            int g = channelOffset.length - 1;
            while (channelOffset[g] > channel) {
                g--;
            }
            return g;
        }
    }

    @Override
    public CompletableFuture<?> availableFuture() {
        if (readers.length == 1) {
            return readers[0].availableFuture();
        }
        CompletableFuture<?>[] futures = new CompletableFuture<?>[readers.length - endedCount];
        int i = 0;
        for (int g = 0; g < readers.length; g++) {
            if (!ended[g]) {
                CompletableFuture<?> f = readers[g].availableFuture();
                if (f.isDone()) {
                    return f;
                }
                futures[i++] = f;
            }
        }
        return CompletableFuture.anyOf(futures);
    }

    long recordsIn() {
        long total = 0;
        for (RecordReader reader : readers) {
            total += reader.recordsIn();
        }
        return total;
    }

    long bytesIn() {
        return bytesIn;
    }
}
