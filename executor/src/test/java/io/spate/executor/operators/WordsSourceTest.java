package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.Clock;
import io.spate.clock.ManualClock;
import io.spate.jobgraph.OperatorSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WordsSourceTest {

    private static final BigInteger K = BigInteger.valueOf(2654435761L);

    /** The contract's formula with exact arithmetic, written independently of the source. */
    private static String expectedWord(long i, long vocabulary) {
        return "w" + BigInteger.valueOf(i).multiply(K).mod(BigInteger.valueOf(vocabulary));
    }

    @Test
    void wordIndexIsTheExactProductModuloTheVocabulary() {
        Random random = new Random(42);
        long[] vocabularies = {1, 2, 7, 10_000, 1L << 31, (1L << 31) + 1, Long.MAX_VALUE};
        for (long v : vocabularies) {
            for (int n = 0; n < 2_000; n++) {
                long i = n < 1_000 ? n : random.nextLong() & Long.MAX_VALUE;
                assertThat(WordsSource.word(i, v))
                        .as("i=%d v=%d", i, v)
                        .isEqualTo(expectedWord(i, v));
            }
        }
    }

    @Test
    void plainLongArithmeticAgreesWhileTheProductFitsALong() {
        long lastSafe = Long.MAX_VALUE / 2654435761L;
        for (long i : new long[] {0, 1, 12345, 3_000_000_000L, lastSafe}) {
            assertThat(WordsSource.wordIndex(i, 10_000)).isEqualTo(i * 2654435761L % 10_000);
        }
        // One past it (still below 2^32) plain arithmetic overflows; the exact index does not.
        long overflowing = lastSafe + 1;
        assertThat(overflowing * 2654435761L).isNegative();
        assertThat(WordsSource.word(overflowing, 10_000))
                .isEqualTo(expectedWord(overflowing, 10_000));
    }

    @Test
    void subtasksSplitTheIndicesByModuloInIncreasingOrder() throws Exception {
        OperatorSpec spec = words("{count: 1000, vocabulary: 37}");
        int p = 3;
        List<String> all = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
            WordsSource source =
                    new WordsSource(OperatorTesting.context(spec, s, p, Clock.SYSTEM), out);
            source.open();
            while (source.emitBatch(100) != SourceOperator.Progress.END) {}
            List<String> expected = new ArrayList<>();
            for (long i = s; i < 1000; i += p) {
                expected.add(expectedWord(i, 37));
            }
            assertThat(out.strings(0)).isEqualTo(expected);
            assertThat(source.position()).isGreaterThanOrEqualTo(1000);
            all.addAll(out.strings(0));
        }
        assertThat(all).hasSize(1000);
    }

    @Test
    void timestampsAreNanoTimeAtEmission() throws Exception {
        OperatorSpec spec = words("{count: 10, timestamps: true}");
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        WordsSource source =
                new WordsSource(OperatorTesting.context(spec, 0, 1, Clock.SYSTEM), out);
        long before = System.nanoTime();
        source.open();
        source.emitBatch(10);
        long after = System.nanoTime();

        assertThat(out.rows).hasSize(10);
        assertThat(out.rows).allSatisfy(r -> assertThat(r.getLong(1)).isBetween(before, after));
    }

    @Test
    void rateIsSharedOverSubtasksAndPacedByTheClock() throws Exception {
        // 2000 records/s over 2 subtasks: 1000/s for this one.
        OperatorSpec spec = words("{rate: 2000}");
        ManualClock clock = new ManualClock();
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        WordsSource source = new WordsSource(OperatorTesting.context(spec, 1, 2, clock), out);
        source.open();

        assertThat(source.emitBatch(512)).isEqualTo(SourceOperator.Progress.MORE);
        assertThat(out.rows).hasSize(1);
        assertThat(source.emitBatch(512)).isEqualTo(SourceOperator.Progress.WAIT);
        assertThat(source.resumeAtNanos() - clock.nanoTime())
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        for (int ms = 0; ms < 3000; ms++) {
            clock.advance(java.time.Duration.ofMillis(1));
            source.emitBatch(512);
        }
        assertThat(out.rows.size()).isBetween(3000, 3001);
    }

    private static OperatorSpec words(String config) throws Exception {
        return OperatorTesting.spec(
                """
        name: words
        pipeline:
          transforms:
            - type: Words
              config: %s
            - type: Discard
        """
                        .formatted(config),
                "Words");
    }
}
