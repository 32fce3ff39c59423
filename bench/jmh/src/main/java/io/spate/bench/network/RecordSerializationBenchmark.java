package io.spate.bench.network;

import io.spate.executor.network.writer.Partitioner;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import io.spate.record.Schema;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Record serialization, in-place deserialization and hash partitioning, per record. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordSerializationBenchmark {
    private static final Schema LONGS =
            Schema.of(new Field("a", FieldType.LONG), new Field("b", FieldType.LONG));
    private static final Schema WORD_COUNT =
            Schema.of(new Field("word", FieldType.STRING), new Field("count", FieldType.LONG));

    private final RowSerializer longs = new RowSerializer(LONGS);
    private final RowSerializer wordCount = new RowSerializer(WORD_COUNT);
    private final ByteBuffer direct = ByteBuffer.allocateDirect(32 * 1024);
    private final Row longRow = new Row(LONGS);
    private final Row wordRow = new Row(WORD_COUNT);
    private final Row readLongs = new Row(LONGS);
    private final Row readWords = new Row(WORD_COUNT);
    private final Partitioner hash = Partitioner.hash(0);
    private int wordSize;
    private long i;

    @Setup
    public void setup() {
        longRow.setLong(0, 1).setLong(1, 2);
        wordRow.setString(0, "w123456").setLong(1, 42);
        longs.write(longRow, direct, 0);
        wordSize = wordCount.write(wordRow, direct, 1024) - 1024;
        wordCount.read(direct, 1024, wordSize, readWords); // a view over the buffer
    }

    @Benchmark
    public int serializeTwoLongs() {
        longRow.setLong(0, i++);
        return longs.write(longRow, direct, longs.serializedSize(longRow) & 0);
    }

    @Benchmark
    public long deserializeTwoLongs() {
        longs.read(direct, 0, 16, readLongs);
        return readLongs.getLong(0);
    }

    @Benchmark
    public int serializeWordCount() {
        return wordCount.write(wordRow, direct, 2048 + (wordCount.serializedSize(wordRow) & 0));
    }

    @Benchmark
    public int deserializeWordCount() {
        wordCount.read(direct, 1024, wordSize, readWords);
        return readWords.stringUtf8Length(0);
    }

    /** Hash partitioning by a string key read as a view: hashes the buffer bytes. */
    @Benchmark
    public int hashPartitionView() {
        return hash.selectChannel(readWords, 4);
    }

    /** Hash partitioning by a string key set as a java.lang.String. */
    @Benchmark
    public int hashPartitionString() {
        return hash.selectChannel(wordRow, 4);
    }
}
