package io.spate.executor.task;

import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.Operator;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorFactory;
import io.spate.executor.operators.Output;
import io.spate.executor.operators.SourceOperator;
import io.spate.rpc.proto.TaskMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A vertex's operators fused in one thread (Flink: OperatorChain): each operator's output is a
 * method call into the next; the last one emits to the task's writers. Opened tail first (so every
 * operator can emit from {@code open}), finished head first (so what a finishing operator emits
 * reaches operators that have not finished yet), closed all, always.
 */
final class OperatorChain {

  private final List<Operator> operators; // head first

  private OperatorChain(List<Operator> operators) {
    this.operators = operators;
  }

  /** Builds the chain from the tail back to the head; {@code contexts} has one per operator. */
  static OperatorChain build(List<OperatorContext> contexts, Output tailOutput) {
    Operator[] built = new Operator[contexts.size()];
    Output out = tailOutput;
    for (int i = contexts.size() - 1; i >= 0; i--) {
      Operator operator = OperatorFactory.create(contexts.get(i), out);
      built[i] = operator;
      if (i > 0) {
        if (!(operator instanceof OneInputOperator next)) {
          throw new IllegalArgumentException(
              contexts.get(i).spec().name()
                  + " cannot read records: it must not follow another operator");
        }
        out = next::processRecord;
      }
    }
    return new OperatorChain(List.of(built));
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

  /** The operators' own metrics (gauges, histograms). */
  TaskMetrics operatorMetrics() {
    TaskMetrics.Builder metrics = TaskMetrics.newBuilder();
    for (Operator operator : operators) {
      operator.reportMetrics(metrics);
    }
    return metrics.build();
  }

  static List<OperatorContext> contexts(
      TaskDeployment d, Function<io.spate.jobgraph.OperatorSpec, OperatorContext> context) {
    List<OperatorContext> contexts = new ArrayList<>();
    d.vertex().chain().forEach(spec -> contexts.add(context.apply(spec)));
    return contexts;
  }
}
