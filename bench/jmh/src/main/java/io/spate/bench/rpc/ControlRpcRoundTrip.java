package io.spate.bench.rpc;

import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Control RPC round trip against a coordinator in another process: registers once, then issues
 * sequential UpdateTaskState calls (fencing check + event bus publish on the coordinator) and
 * reports percentiles. Run by bench/rpc.sh; goal p99 < 500 us.
 *
 * <p>Usage: {@code ControlRpcRoundTrip host:port [calls] [warmup]}
 */
public final class ControlRpcRoundTrip {

    private ControlRpcRoundTrip() {}

    public static void main(String[] args) throws Exception {
        HostAndPort coordinator = HostAndPort.parse(args[0]);
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        try (SimulatedExecutors executor = new SimulatedExecutors(coordinator)) {
            RegisterExecutorResponse registration = executor.register("bench-executor");
            TaskStateUpdate update =
                    TaskStateUpdate.newBuilder()
                            .setFencing(
                                    ExecutorFencing.newBuilder()
                                            .setExecutorId("bench-executor")
                                            .setRegistrationId(registration.getRegistrationId()))
                            .setJobId("bench-job")
                            .setExecutionAttemptId("attempt-0")
                            .setVertexId("v0")
                            .setState(TaskState.RUNNING)
                            .build();
            CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub stub = executor.coordinator();
            for (int i = 0; i < warmup; i++) {
                call(stub, update);
            }
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                call(stub, update);
                histogram.recordValue(System.nanoTime() - t0);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "rpc-roundtrip calls=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f calls_per_s=%.0f%n",
                    calls,
                    histogram.getValueAtPercentile(50) / 1e3,
                    histogram.getValueAtPercentile(99) / 1e3,
                    histogram.getValueAtPercentile(99.9) / 1e3,
                    histogram.getMaxValue() / 1e3,
                    calls / seconds);
        }
    }

    private static void call(
            CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub stub, TaskStateUpdate update) {
        if (!stub.withDeadlineAfter(5, TimeUnit.SECONDS).updateTaskState(update).getAccepted()) {
            throw new IllegalStateException("coordinator did not accept the update");
        }
    }
}
