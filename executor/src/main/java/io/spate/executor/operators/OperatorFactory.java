package io.spate.executor.operators;

/**
 * Builds an operator by its type name (the transform catalog's names), with a plain switch: no
 * reflection and no class loading, so native images need no configuration for it.
 */
public final class OperatorFactory {

    private OperatorFactory() {}

    /**
     * The operator of {@code context.spec()}, emitting to {@code out} (unused by sinks).
     *
     * @throws IllegalArgumentException for a type this executor does not know (or a partitioner,
     *     which is an edge, not an operator)
     */
    public static Operator create(OperatorContext context, Output out) {
        String type = context.spec().type();
        return switch (type) {
            case "Words" -> new WordsSource(context, out);
            case "Sequence" -> new SequenceSource(context, out);
            case "ReadFromText" -> new ReadFromTextSource(context, out);
            case "Tokenize" -> new TokenizeOperator(context, out);
            case "RunningCount" -> new RunningCountOperator(context, out);
            case "WriteToFiles" -> new WriteToFilesSink(context);
            case "Discard" -> new DiscardSink();
            case "Log" -> new LogSink(context);
            case "LatencyHistogram" -> new LatencyHistogramSink(context);
            default ->
                    throw new IllegalArgumentException(
                            "operator "
                                    + context.spec().name()
                                    + ": unknown type \""
                                    + type
                                    + "\" (this executor runs Words, Sequence, ReadFromText, Tokenize, RunningCount,"
                                    + " WriteToFiles, Discard, Log, LatencyHistogram)");
        };
    }
}
