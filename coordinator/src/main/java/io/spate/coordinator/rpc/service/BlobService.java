package io.spate.coordinator.rpc.service;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.spate.coordinator.usercode.JarStore;
import io.spate.coordinator.usercode.StoredJar;
import io.spate.rpc.proto.BlobChunk;
import io.spate.rpc.proto.GetBlobRequest;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Serves the uploaded jars by SHA-256 to executors (Flink: the BlobServer), a chunk per call, over
 * the gRPC control plane (authenticated by the token, encrypted by TLS when it is on). Reads the
 * file on a worker thread, never on the event loop.
 */
@Singleton
final class BlobService {

    /** The most bytes one answer carries, under gRPC's 4 MiB message limit. */
    static final int MAX_CHUNK = 1 << 20;

    private final JarStore jars;

    BlobService(JarStore jars) {
        this.jars = jars;
    }

    Uni<BlobChunk> read(GetBlobRequest request) {
        return Uni.createFrom()
                .item(() -> chunk(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private BlobChunk chunk(GetBlobRequest request) {
        StoredJar jar =
                jars.findByHash(request.getSha256())
                        .orElseThrow(
                                () ->
                                        Status.NOT_FOUND
                                                .withDescription(
                                                        "no blob "
                                                                + request.getSha256()
                                                                + " (its jar was deleted?)")
                                                .asRuntimeException());
        if (request.getOffset() < 0 || request.getMaxBytes() < 0) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("negative offset or max_bytes")
                    .asRuntimeException();
        }
        int max =
                Math.min(request.getMaxBytes() == 0 ? MAX_CHUNK : request.getMaxBytes(), MAX_CHUNK);
        try (FileChannel file = FileChannel.open(jar.file(), StandardOpenOption.READ)) {
            long size = file.size();
            long offset = Math.min(request.getOffset(), size);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, size - offset));
            while (buffer.hasRemaining()) {
                if (file.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            buffer.flip();
            return BlobChunk.newBuilder()
                    .setData(ByteString.copyFrom(buffer))
                    .setTotalSize(size)
                    .build();
        } catch (IOException e) {
            throw Status.UNAVAILABLE
                    .withDescription("reading blob " + request.getSha256() + ": " + e.getMessage())
                    .asRuntimeException();
        }
    }
}
