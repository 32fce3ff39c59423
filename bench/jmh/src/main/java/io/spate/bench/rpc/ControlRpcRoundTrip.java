package io.spate.bench.rpc;

import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Control RPC round trip against a coordinator in another process: registers once, submits a
 * one-task job (deployed to this simulated executor, never run), then issues sequential
 * UpdateTaskState calls for that task's attempt and reports percentiles. Each call goes from the
 * coordinator's gRPC service to the job's master, which applies it (fencing against the attempt's
 * slot) and answers; so the figure is the coordinator-side task-update latency plus loopback. Run
 * by bench/rpc.sh; goal p99 < 500 us.
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
            String jobId = submitJob(coordinator);
            TaskDeploymentDescriptor task = awaitTask(executor);
            TaskStateUpdate update =
                    TaskStateUpdate.newBuilder()
                            .setFencing(
                                    ExecutorFencing.newBuilder()
                                            .setExecutorId("bench-executor")
                                            .setRegistrationId(registration.getRegistrationId()))
                            .setJobId(jobId)
                            .setExecutionAttemptId(task.getExecutionAttemptId())
                            .setVertexId(task.getVertexId())
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

    /** An unbounded one-task job: it stays RUNNING while the updates are measured. */
    private static String submitJob(HostAndPort coordinator) throws Exception {
        String spec =
                "name: rpc-bench\nparallelism: 1\npipeline:\n  transforms:\n"
                        + "    - type: Sequence\n      config: {from: 0, to: 10}\n    - type: Discard\n";
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://" + coordinator + "/jobs"))
                                        .header("Content-Type", "application/yaml")
                                        .POST(HttpRequest.BodyPublishers.ofString(spec))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"jobid\"\\s*:\\s*\"(\\w+)\"").matcher(response.body());
        if (response.statusCode() != 202 || !id.find()) {
            throw new IllegalStateException(
                    "job not accepted: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    private static TaskDeploymentDescriptor awaitTask(SimulatedExecutors executor)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (executor.submitted.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job's task was not deployed within 30 s");
            }
            Thread.sleep(10);
        }
        return executor.submitted.get(0);
    }

    private static void call(
            CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub stub, TaskStateUpdate update) {
        if (!stub.withDeadlineAfter(5, TimeUnit.SECONDS).updateTaskState(update).getAccepted()) {
            throw new IllegalStateException("the job master did not accept the update");
        }
    }
}
