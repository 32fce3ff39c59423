package io.spate.executor.operators;

import io.spate.expression.ExpressionEvaluationException;
import io.spate.expression.RowProgram;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.Map;

/**
 * {@code MapToFields}: emits, per record, the fields its expressions compute, after the input's own
 * when {@code append} (an input field given again is replaced in place). Every expression is
 * evaluated before anything is written, so a record an expression fails on emits nothing.
 */
public final class MapToFieldsOperator implements OneInputOperator {

    private final Output out;
    private final String[] sources;
    private final RowProgram[] programs;
    private final int[] targets; // output field of each expression
    private final long[] longs; // this record's values, by expression (a bool as 0/1)
    private final double[] doubles;
    private final String[] strings;
    private final int[] copied; // output field of each kept input field, -1 when replaced/dropped
    private final FieldType[] inTypes;
    private final Row result;
    private final RecordErrors errors;

    public MapToFieldsOperator(OperatorContext context, Output out) {
        this.out = out;
        Schema in = context.spec().inputSchema().orElseThrow();
        Schema outSchema = context.spec().outputSchema().orElseThrow();
        Map<String, String> fields = context.spec().config().getStringMap("fields");
        boolean append = context.spec().config().getBoolean("append");
        this.sources = fields.values().toArray(String[]::new);
        this.programs = new RowProgram[sources.length];
        this.targets = new int[sources.length];
        this.longs = new long[sources.length];
        this.doubles = new double[sources.length];
        this.strings = new String[sources.length];
        int k = 0;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            programs[k] = FilterOperator.compile(context, f.getValue());
            targets[k] = outSchema.indexOf(f.getKey());
            k++;
        }
        this.inTypes = new FieldType[in.size()];
        this.copied = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            inTypes[i] = in.field(i).type();
            String name = in.field(i).name();
            copied[i] = append && !fields.containsKey(name) ? outSchema.indexOf(name) : -1;
        }
        this.result = new Row(outSchema);
        this.errors = new RecordErrors(context);
    }

    @Override
    public void processRecord(Row row) throws Exception {
        for (int k = 0; k < programs.length; k++) {
            RowProgram p = programs[k];
            try {
                switch (p.resultType()) {
                    case LONG -> longs[k] = p.evaluateLong(row);
                    case DOUBLE -> doubles[k] = p.evaluateDouble(row);
                    case BOOLEAN -> longs[k] = p.test(row) ? 1 : 0;
                    case STRING -> strings[k] = p.evaluateString(row);
                }
            } catch (ExpressionEvaluationException e) {
                errors.failed(row, sources[k], e);
                return;
            }
        }
        for (int i = 0; i < copied.length; i++) {
            int to = copied[i];
            if (to >= 0) {
                switch (inTypes[i]) {
                    case LONG -> result.setLong(to, row.getLong(i));
                    case DOUBLE -> result.setDouble(to, row.getDouble(i));
                    case BOOLEAN -> result.setBoolean(to, row.getBoolean(i));
                    case STRING -> result.setString(to, row.getString(i));
                }
            }
        }
        for (int k = 0; k < programs.length; k++) {
            switch (programs[k].resultType()) {
                case LONG -> result.setLong(targets[k], longs[k]);
                case DOUBLE -> result.setDouble(targets[k], doubles[k]);
                case BOOLEAN -> result.setBoolean(targets[k], longs[k] != 0);
                case STRING -> {
                    result.setString(targets[k], strings[k]);
                    strings[k] = null;
                }
            }
        }
        out.emit(result);
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        errors.reportMetrics(metrics);
    }
}
