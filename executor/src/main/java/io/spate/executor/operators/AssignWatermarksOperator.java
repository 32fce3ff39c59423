package io.spate.executor.operators;

import io.spate.record.Row;

/**
 * {@code AssignWatermarks} (Flink: TimestampsAndWatermarksOperator): records pass through
 * unchanged; their {@code field} is the event time, and the watermarks downstream are this
 * operator's own (bounded out-of-orderness, with idleness), not the input's. Only the input's final
 * watermark (the end of input) passes.
 */
public final class AssignWatermarksOperator implements OneInputOperator {

    private final Output out;
    private final WatermarkGenerator generator;

    public AssignWatermarksOperator(OperatorContext context, Output out) {
        this.out = out;
        int field =
                context.spec()
                        .inputSchema()
                        .orElseThrow()
                        .indexOf(context.spec().config().getString("field"));
        this.generator = new WatermarkGenerator(context.spec().config(), field, context, out);
    }

    @Override
    public void open() {
        generator.start();
    }

    @Override
    public void processRecord(Row row) throws Exception {
        generator.onRecord(row);
        out.emit(row);
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        if (watermark == Long.MAX_VALUE) {
            generator.end();
        }
    }

    @Override
    public boolean forwardsWatermarks() {
        return false;
    }
}
