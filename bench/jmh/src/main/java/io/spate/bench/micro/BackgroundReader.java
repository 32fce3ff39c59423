package io.spate.bench.micro;

import io.spate.executor.network.gate.RecordReader;
import io.spate.record.Row;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A consumer task thread for two-thread benchmarks: reads every record until END_OF_INPUT. */
final class BackgroundReader {
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Void> consumed = new CompletableFuture<>();

    private BackgroundReader() {}

    static BackgroundReader start(RecordReader reader) {
        BackgroundReader r = new BackgroundReader();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                Row in = new Row(Words.WORD_COUNT);
                                while (true) {
                                    RecordReader.Result next = reader.next(in);
                                    if (next == RecordReader.Result.RECORD) {
                                        r.received.lazySet(r.received.get() + 1);
                                    } else if (next == RecordReader.Result.NOTHING_AVAILABLE) {
                                        reader.availableFuture().join();
                                    } else if (next == RecordReader.Result.END_OF_INPUT) {
                                        break;
                                    }
                                }
                                r.consumed.complete(null);
                            } catch (Throwable e) {
                                r.consumed.completeExceptionally(e);
                            }
                        },
                        "task-bench-consumer");
        thread.setDaemon(true);
        thread.start();
        return r;
    }

    /** Waits for the end of input and checks that all {@code written} records arrived. */
    void awaitAll(long written) throws Exception {
        consumed.get(1, TimeUnit.MINUTES);
        if (received.get() != written) {
            throw new IllegalStateException(
                    "consumer read " + received.get() + " of " + written + " records");
        }
    }
}
