package io.spate.executor.task;

import io.spate.executor.checkpoint.OperatorState;
import io.spate.executor.checkpoint.TaskStateSnapshot;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.Operator;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorFactory;
import io.spate.executor.operators.Output;
import io.spate.executor.operators.SourceOperator;
import io.spate.executor.operators.TwoInputOperator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A vertex's operators fused in one thread (Flink: OperatorChain): each operator's output is a
 * method call into the next; the last one emits to the task's writers. Opened tail first (so every
 * operator can emit from {@code open}), finished head first (so what a finishing operator emits
 * reaches operators that have not finished yet), closed all, always. Snapshots, restores and
 * checkpoint notifications go to every operator by its position in the chain. Task thread only.
 */
final class OperatorChain {

    private final List<Operator> operators; // head first
    private final List<String> names; // the operators' transform names, head first
    private final Output[] inputs; // into the head, per input of a two-input head; null: source
    private final Output headOutput; // what the head emits into

    private OperatorChain(
            List<Operator> operators, List<String> names, Output[] inputs, Output headOutput) {
        this.operators = operators;
        this.names = names;
        this.inputs = inputs;
        this.headOutput = headOutput;
    }

    /**
     * Into operator {@code next}: records are a method call; a watermark first fires the operator's
     * timers, then goes on to {@code after} (what {@code next} emits into) unless the operator
     * makes its own. Watermarks only rise: a repeated one stops here.
     */
    static final class ChainOutput implements Output {
        private final OneInputOperator next;
        private final Output after;
        private long watermark = Long.MIN_VALUE;

        ChainOutput(OneInputOperator next, Output after) {
            this.next = next;
            this.after = after;
        }

        @Override
        public void emit(io.spate.record.Row row) throws Exception {
            next.processRecord(row);
        }

        @Override
        public void emitWatermark(long watermark) throws Exception {
            if (watermark <= this.watermark) {
                return;
            }
            this.watermark = watermark;
            next.processWatermark(watermark);
            if (next.forwardsWatermarks()) {
                after.emitWatermark(watermark);
            } else if (watermark == Long.MAX_VALUE) {
                after.emitWatermark(watermark); // the end of input ends every event time
            }
        }

        @Override
        public void emitWatermarkStatus(boolean idle) throws Exception {
            if (next.forwardsWatermarks()) {
                after.emitWatermarkStatus(idle);
            }
        }

        long watermark() {
            return watermark;
        }
    }

    /**
     * Into a two-input head: input {@code side}'s records go to its side; a watermark (the minimum
     * of both inputs, from the task's valve, through either side) fires the head's timers, then
     * goes on to {@code after}. Watermarks only rise.
     */
    static final class TwoInputs {
        private final TwoInputOperator head;
        private final Output after;
        private long watermark = Long.MIN_VALUE;

        TwoInputs(TwoInputOperator head, Output after) {
            this.head = head;
            this.after = after;
        }

        Output side(int side) {
            return new Output() {
                @Override
                public void emit(io.spate.record.Row row) throws Exception {
                    if (side == 0) {
                        head.processRecord1(row);
                    } else {
                        head.processRecord2(row);
                    }
                }

                @Override
                public void emitWatermark(long w) throws Exception {
                    if (w <= watermark) {
                        return;
                    }
                    watermark = w;
                    head.processWatermark(w);
                    after.emitWatermark(w);
                }

                @Override
                public void emitWatermarkStatus(boolean idle) throws Exception {
                    after.emitWatermarkStatus(idle);
                }
            };
        }
    }

    /** Builds the chain from the tail back to the head; {@code contexts} has one per operator. */
    static OperatorChain build(List<OperatorContext> contexts, Output tailOutput) {
        Operator[] built = new Operator[contexts.size()];
        Output out = tailOutput;
        Output headOutput = tailOutput;
        Output[] inputs = null;
        for (int i = contexts.size() - 1; i >= 0; i--) {
            Operator operator = OperatorFactory.create(contexts.get(i), out);
            built[i] = operator;
            headOutput = out;
            if (operator instanceof OneInputOperator next) {
                out = new ChainOutput(next, out);
                inputs = new Output[] {out};
            } else if (operator instanceof TwoInputOperator two && i == 0) {
                TwoInputs both = new TwoInputs(two, out);
                inputs = new Output[] {both.side(0), both.side(1)};
            } else if (i > 0) {
                throw new IllegalArgumentException(
                        contexts.get(i).spec().name()
                                + " cannot read records: it must not follow another operator");
            }
        }
        return new OperatorChain(
                List.of(built),
                contexts.stream().map(c -> c.spec().name()).toList(),
                built[0] instanceof SourceOperator ? null : inputs,
                headOutput);
    }

    /**
     * Into the head from the task's input {@code gate} (its place among the vertex's inputs):
     * records, and the watermarks of all inputs (from the valve). Every gate leads into a one-input
     * head; a two-input head has one side per input. Not for a source.
     */
    Output input(int gate) {
        if (inputs == null) {
            throw new IllegalStateException("a source chain reads no input");
        }
        if (inputs.length == 1) {
            return inputs[0];
        }
        if (gate >= inputs.length) {
            throw new IllegalArgumentException(
                    names.getFirst() + " reads two inputs; the task has a gate " + gate);
        }
        return inputs[gate];
    }

    /** How many inputs the head tells apart: 2 for a two-input head, else 1. */
    int headInputs() {
        return inputs == null ? 0 : inputs.length;
    }

    /**
     * The input ended: event time ends too. The maximum watermark fires every event-time timer of
     * every operator (a source chain sends it from behind its head).
     */
    void endOfInput() throws Exception {
        (inputs != null ? inputs[0] : headOutput).emitWatermark(Long.MAX_VALUE);
    }

    Operator head() {
        return operators.getFirst();
    }

    boolean isSource() {
        return head() instanceof SourceOperator;
    }

    void open() throws Exception {
        for (int i = operators.size() - 1; i >= 0; i--) {
            operators.get(i).open();
        }
    }

    void finish() throws Exception {
        for (Operator operator : operators) {
            operator.finish();
        }
    }

    /** Every operator's state for checkpoint {@code checkpointId}, copied to bytes. */
    List<OperatorState> snapshotState(long checkpointId) throws Exception {
        List<OperatorState> states = new ArrayList<>(operators.size());
        for (int i = 0; i < operators.size(); i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            operators.get(i).snapshotState(checkpointId, out);
            out.flush();
            states.add(new OperatorState(i, names.get(i), bytes.toByteArray()));
        }
        return states;
    }

    /**
     * Restores every operator from its section of {@code snapshot}.
     *
     * @throws IOException naming {@code source} if the snapshot does not match this chain (another
     *     number of operators, another name at a position) or an operator's state is malformed
     */
    void restoreState(TaskStateSnapshot snapshot, String source) throws IOException {
        List<OperatorState> states = snapshot.operators();
        if (states.size() != operators.size()) {
            throw new IOException(
                    source
                            + " holds "
                            + states.size()
                            + " operator(s) "
                            + states.stream().map(OperatorState::name).toList()
                            + ", the chain has "
                            + operators.size()
                            + " "
                            + names);
        }
        for (int i = 0; i < states.size(); i++) {
            OperatorState state = states.get(i);
            if (state.position() != i || !state.name().equals(names.get(i))) {
                throw new IOException(
                        source
                                + ": operator "
                                + state.position()
                                + " is "
                                + state.name()
                                + ", the chain's operator "
                                + i
                                + " is "
                                + names.get(i));
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state.state()));
            try {
                operators.get(i).restoreState(in);
            } catch (EOFException e) {
                throw new IOException(
                        source + ": state of operator " + state.name() + " is truncated", e);
            } catch (IOException e) {
                throw new IOException(
                        source + ": operator " + state.name() + ": " + e.getMessage(), e);
            } catch (Exception e) {
                throw new IOException(
                        source + ": restoring operator " + state.name() + " failed", e);
            }
            if (in.available() > 0) {
                throw new IOException(
                        source
                                + ": operator "
                                + state.name()
                                + " left "
                                + in.available()
                                + " byte(s) of its state unread");
            }
        }
    }

    /** Checkpoint {@code checkpointId} completed: every operator commits up to it. */
    void notifyCheckpointComplete(long checkpointId) throws Exception {
        for (Operator operator : operators) {
            operator.notifyCheckpointComplete(checkpointId);
        }
    }

    /** Closes every operator; the first failure is thrown with the others suppressed. */
    void close() throws Exception {
        Exception failure = null;
        for (Operator operator : operators) {
            try {
                operator.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The operators, head first (for their metrics). */
    List<Operator> operators() {
        return operators;
    }

    static List<OperatorContext> contexts(
            TaskDeployment d, Function<io.spate.jobgraph.OperatorSpec, OperatorContext> context) {
        List<OperatorContext> contexts = new ArrayList<>();
        d.vertex().chain().forEach(spec -> contexts.add(context.apply(spec)));
        return contexts;
    }
}
