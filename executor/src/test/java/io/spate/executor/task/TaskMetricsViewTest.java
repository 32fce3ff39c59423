package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.operators.Operator;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.rpc.proto.TaskMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMetricsViewTest {

    @Test
    void operatorMetricsReachTheWireMessageUnderTheirNames() {
        Operator taskThread =
                new Operator() {
                    @Override
                    public void reportMetrics(OperatorMetrics metrics) {
                        metrics.gauge("rows-buffered", 3);
                    }
                };
        Operator anyThread =
                new Operator() {
                    @Override
                    public void reportMetricsFromAnyThread(OperatorMetrics metrics) {
                        metrics.gauge("latency-p99-us", 250);
                        metrics.latencyHistogram(new byte[] {1, 2, 3});
                    }
                };
        TaskMetricsView view = new TaskMetricsView();
        view.readOnAnyThread(List.of(anyThread));
        view.publishOperatorMetrics(List.of(taskThread, anyThread));
        view.publishCounters(10, 20, 300, 400);
        view.publishCheckpoint(1_500_000, 64);

        TaskMetrics metrics = view.snapshot();

        assertThat(metrics.getGaugesMap())
                .isEqualTo(
                        Map.of(
                                "rows-buffered", 3.0,
                                "latency-p99-us", 250.0,
                                "checkpoint-alignment-ms", 1.5,
                                "checkpoint-size-bytes", 64.0));
        assertThat(metrics.getLatencyHistogram().toByteArray()).containsExactly(1, 2, 3);
        assertThat(metrics.getRecordsIn()).isEqualTo(10);
        assertThat(metrics.getRecordsOut()).isEqualTo(20);
        assertThat(metrics.getBytesIn()).isEqualTo(300);
        assertThat(metrics.getBytesOut()).isEqualTo(400);
    }

    @Test
    void beforeAnyCheckpointThereAreNoCheckpointGauges() {
        assertThat(new TaskMetricsView().snapshot().getGaugesMap()).isEmpty();
    }
}
