package io.spate.executor.operators;

import static io.spate.transform.TransformCatalog.ASSIGN_WATERMARKS;
import static io.spate.transform.TransformCatalog.BROADCAST;
import static io.spate.transform.TransformCatalog.DISCARD;
import static io.spate.transform.TransformCatalog.FILTER;
import static io.spate.transform.TransformCatalog.JAVA_FUNCTION;
import static io.spate.transform.TransformCatalog.JOIN;
import static io.spate.transform.TransformCatalog.KEY_BY;
import static io.spate.transform.TransformCatalog.LATENCY_HISTOGRAM;
import static io.spate.transform.TransformCatalog.LOG;
import static io.spate.transform.TransformCatalog.MAP_TO_FIELDS;
import static io.spate.transform.TransformCatalog.NEXMARK;
import static io.spate.transform.TransformCatalog.READ_FROM_TEXT;
import static io.spate.transform.TransformCatalog.REBALANCE;
import static io.spate.transform.TransformCatalog.RUNNING_COUNT;
import static io.spate.transform.TransformCatalog.SEQUENCE;
import static io.spate.transform.TransformCatalog.TOKENIZE;
import static io.spate.transform.TransformCatalog.WINDOW;
import static io.spate.transform.TransformCatalog.WORDS;
import static io.spate.transform.TransformCatalog.WRITE_TO_FILES;

import java.util.List;

/**
 * Builds an operator by its type name, a {@link io.spate.transform.TransformCatalog} constant, with
 * a plain switch: no reflection and no class loading, so native images need no configuration for it
 * (JavaFunction, user code, loads its class on the JVM only). Partitioners (KeyBy, Rebalance,
 * Broadcast) are edges of the job graph, never operators.
 */
public final class OperatorFactory {

    /** The types this factory builds: every catalogue type but the partitioners. */
    public static final List<String> TYPES =
            List.of(
                    WORDS,
                    SEQUENCE,
                    READ_FROM_TEXT,
                    NEXMARK,
                    TOKENIZE,
                    RUNNING_COUNT,
                    ASSIGN_WATERMARKS,
                    FILTER,
                    MAP_TO_FIELDS,
                    WINDOW,
                    JOIN,
                    JAVA_FUNCTION,
                    WRITE_TO_FILES,
                    DISCARD,
                    LOG,
                    LATENCY_HISTOGRAM);

    private OperatorFactory() {}

    /**
     * The operator of {@code context.spec()}, emitting to {@code out} (unused by sinks).
     *
     * @throws IllegalArgumentException for a type this executor does not know, or a partitioner
     */
    public static Operator create(OperatorContext context, Output out) {
        String type = context.spec().type();
        return switch (type) {
            case WORDS -> new WordsSource(context, out);
            case SEQUENCE -> new SequenceSource(context, out);
            case READ_FROM_TEXT -> new ReadFromTextSource(context, out);
            case NEXMARK -> new io.spate.executor.nexmark.NexmarkSource(context, out);
            case TOKENIZE -> new TokenizeOperator(context, out);
            case RUNNING_COUNT -> new RunningCountOperator(context, out);
            case ASSIGN_WATERMARKS -> new AssignWatermarksOperator(context, out);
            case FILTER -> new FilterOperator(context, out);
            case MAP_TO_FIELDS -> new MapToFieldsOperator(context, out);
            case WINDOW -> new WindowOperator(context, out);
            case JOIN -> new io.spate.executor.operators.join.JoinOperator(context, out);
            case JAVA_FUNCTION ->
                    io.spate.executor.operators.userfunction.JavaFunctionOperators.create(
                            context, out);
            case WRITE_TO_FILES -> new WriteToFilesSink(context);
            case DISCARD -> new DiscardSink();
            case LOG -> new LogSink(context);
            case LATENCY_HISTOGRAM -> new LatencyHistogramSink(context);
            case KEY_BY, REBALANCE, BROADCAST ->
                    throw new IllegalArgumentException(
                            "operator "
                                    + context.spec().name()
                                    + ": "
                                    + type
                                    + " is a partitioner, an edge of the job graph, not an operator");
            default ->
                    throw new IllegalArgumentException(
                            "operator "
                                    + context.spec().name()
                                    + ": unknown type \""
                                    + type
                                    + "\" (this executor runs "
                                    + String.join(", ", TYPES)
                                    + ")");
        };
    }
}
