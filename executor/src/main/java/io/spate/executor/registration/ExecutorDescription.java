package io.spate.executor.registration;

import io.spate.rpc.proto.RegisterExecutorRequest;

/** What an executor announces when it registers: who it is, where to reach it, what it offers. */
public record ExecutorDescription(
        String executorId,
        String grpcHost,
        int grpcPort,
        String dataHost,
        int dataPort,
        int slots,
        String version) {

    public RegisterExecutorRequest toRequest() {
        return RegisterExecutorRequest.newBuilder()
                .setExecutorId(executorId)
                .setGrpcHost(grpcHost)
                .setGrpcPort(grpcPort)
                .setDataHost(dataHost)
                .setDataPort(dataPort)
                .setSlots(slots)
                .setVersion(version)
                .build();
    }
}
