package io.spate.executor.operators;

import io.spate.expression.Expression;
import io.spate.expression.ExpressionEvaluationException;
import io.spate.expression.InvalidExpressionException;
import io.spate.expression.RowProgram;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.Windows;
import java.util.List;
import java.util.Locale;

/**
 * A Window transform's aggregations as slots in a long and a double array, computed in place: one
 * window's accumulators are {@link #longSlots} longs (slot 0 the record count) and {@link
 * #doubleSlots} doubles at the offsets the caller gives, so no accumulator is an object. Stateless
 * beyond its layout and the current record's expression values ({@link #prepare}); used on the task
 * thread.
 */
final class WindowAggregates {

    private enum Agg {
        COUNT,
        SUM,
        MIN,
        MAX,
        AVG
    }

    private final Agg[] aggs;
    private final int[] aggIn; // input field, -1 for count and for an expression
    private final RowProgram[] programs; // an expression's, else null
    private final String[] sources;
    private final long[] exprLong; // this record's expression values, by aggregation
    private final double[] exprDouble;
    private final boolean expressions;
    private final boolean[] inDouble; // the input field is a double
    private final boolean[] aggDouble; // the accumulator is a double
    private final int[] aggSlot; // long slot or double slot
    final int longSlots;
    final int doubleSlots;

    WindowAggregates(List<Windows.Aggregation> list, Schema in) {
        int k = list.size();
        aggs = new Agg[k];
        aggIn = new int[k];
        inDouble = new boolean[k];
        aggDouble = new boolean[k];
        aggSlot = new int[k];
        programs = new RowProgram[k];
        sources = new String[k];
        exprLong = new long[k];
        exprDouble = new double[k];
        boolean anyExpression = false;
        int longs = 1;
        int doubles = 0;
        for (int j = 0; j < k; j++) {
            Windows.Aggregation a = list.get(j);
            aggs[j] = Agg.valueOf(a.kind().toUpperCase(Locale.ROOT));
            aggIn[j] = a.field().map(in::indexOf).orElse(-1);
            if (a.field().isPresent() && aggIn[j] < 0) {
                sources[j] = a.field().get();
                programs[j] = compile(sources[j], in);
                anyExpression = true;
                inDouble[j] = programs[j].resultType() == FieldType.DOUBLE;
            } else {
                inDouble[j] = aggIn[j] >= 0 && in.field(aggIn[j]).type() == FieldType.DOUBLE;
            }
            aggDouble[j] = aggs[j] == Agg.AVG || inDouble[j];
            if (aggs[j] == Agg.COUNT) {
                aggSlot[j] = 0;
            } else if (aggDouble[j]) {
                aggSlot[j] = doubles++;
            } else {
                aggSlot[j] = longs++;
            }
        }
        this.longSlots = longs;
        this.doubleSlots = doubles;
        this.expressions = anyExpression;
    }

    private static RowProgram compile(String source, Schema in) {
        try {
            return Expression.compile(source, in).program();
        } catch (InvalidExpressionException e) {
            throw new IllegalArgumentException("\"" + source + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Evaluates this record's aggregation expressions, once however many windows it goes to, and
     * before any accumulator changes: a record an expression fails on changes none.
     *
     * @return null, or the source of the expression that failed (its exception in {@code failure})
     */
    String prepare(Row row, ExpressionEvaluationException[] failure) {
        if (!expressions) {
            return null;
        }
        for (int j = 0; j < programs.length; j++) {
            if (programs[j] == null) {
                continue;
            }
            try {
                if (inDouble[j]) {
                    exprDouble[j] = programs[j].evaluateDouble(row);
                } else {
                    exprLong[j] = programs[j].evaluateLong(row);
                }
            } catch (ExpressionEvaluationException e) {
                failure[0] = e;
                return sources[j];
            }
        }
        return null;
    }

    /** Empty accumulators at {@code lb} and {@code db}: zeros, min/max at their identities. */
    void init(long[] longs, int lb, double[] doubles, int db) {
        java.util.Arrays.fill(longs, lb, lb + longSlots, 0L);
        java.util.Arrays.fill(doubles, db, db + doubleSlots, 0.0);
        for (int j = 0; j < aggs.length; j++) {
            if (aggs[j] == Agg.MIN || aggs[j] == Agg.MAX) {
                boolean min = aggs[j] == Agg.MIN;
                if (aggDouble[j]) {
                    doubles[db + aggSlot[j]] =
                            min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                } else {
                    longs[lb + aggSlot[j]] = min ? Long.MAX_VALUE : Long.MIN_VALUE;
                }
            }
        }
    }

    /** Adds {@code row} to the accumulators at {@code lb} and {@code db}. */
    void accumulate(long[] longs, int lb, double[] doubles, int db, Row row) {
        longs[lb]++;
        for (int j = 0; j < aggs.length; j++) {
            Agg agg = aggs[j];
            if (agg == Agg.COUNT) {
                continue;
            }
            int slot = aggSlot[j];
            if (aggDouble[j]) {
                double v;
                if (programs[j] != null) {
                    v = inDouble[j] ? exprDouble[j] : exprLong[j];
                } else {
                    v = inDouble[j] ? row.getDouble(aggIn[j]) : row.getLong(aggIn[j]);
                }
                int a = db + slot;
                switch (agg) {
                    case SUM, AVG -> doubles[a] += v;
                    case MIN -> doubles[a] = Math.min(doubles[a], v);
                    case MAX -> doubles[a] = Math.max(doubles[a], v);
                    default -> {}
                }
            } else {
                long v = programs[j] != null ? exprLong[j] : row.getLong(aggIn[j]);
                int a = lb + slot;
                switch (agg) {
                    case SUM -> longs[a] += v;
                    case MIN -> longs[a] = Math.min(longs[a], v);
                    case MAX -> longs[a] = Math.max(longs[a], v);
                    default -> {}
                }
            }
        }
    }

    /**
     * Folds the accumulators at ({@code fromL}, {@code fromD}) into ({@code intoL}, {@code intoD}).
     */
    void merge(long[] longs, int intoL, int fromL, double[] doubles, int intoD, int fromD) {
        longs[intoL] += longs[fromL];
        for (int j = 0; j < aggs.length; j++) {
            if (aggs[j] == Agg.COUNT) {
                continue;
            }
            int slot = aggSlot[j];
            if (aggDouble[j]) {
                int a = intoD + slot;
                int b = fromD + slot;
                doubles[a] =
                        switch (aggs[j]) {
                            case MIN -> Math.min(doubles[a], doubles[b]);
                            case MAX -> Math.max(doubles[a], doubles[b]);
                            default -> doubles[a] + doubles[b];
                        };
            } else {
                int a = intoL + slot;
                int b = fromL + slot;
                longs[a] =
                        switch (aggs[j]) {
                            case MIN -> Math.min(longs[a], longs[b]);
                            case MAX -> Math.max(longs[a], longs[b]);
                            default -> longs[a] + longs[b];
                        };
            }
        }
    }

    /** Writes the aggregations' values into {@code result}, from field {@code firstField} on. */
    void write(long[] longs, int lb, double[] doubles, int db, Row result, int firstField) {
        long count = longs[lb];
        for (int j = 0; j < aggs.length; j++) {
            int field = firstField + j;
            int slot = aggSlot[j];
            switch (aggs[j]) {
                case COUNT -> result.setLong(field, count);
                case AVG -> result.setDouble(field, doubles[db + slot] / count);
                default -> {
                    if (aggDouble[j]) {
                        result.setDouble(field, doubles[db + slot]);
                    } else {
                        result.setLong(field, longs[lb + slot]);
                    }
                }
            }
        }
    }
}
