package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.Clock;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceSourceTest {

    @Test
    void subtasksSplitFromToInclusiveLikeWords() throws Exception {
        assertThat(values("{from: -2, to: 7}", 0, 3)).containsExactly(-2L, 1L, 4L, 7L);
        assertThat(values("{from: -2, to: 7}", 1, 3)).containsExactly(-1L, 2L, 5L);
        assertThat(values("{from: -2, to: 7}", 2, 3)).containsExactly(0L, 3L, 6L);
        assertThat(values("{from: 5, to: 5}", 1, 2)).isEmpty();
    }

    @Test
    void theExtremesOfLongDoNotOverflow() throws Exception {
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        assertThat(values("{from: " + (max - 2) + ", to: " + max + "}", 0, 2))
                .containsExactly(max - 2, max);
        assertThat(values("{from: " + min + ", to: " + (min + 2) + "}", 0, 1))
                .containsExactly(min, min + 1, min + 2);
    }

    private static List<Long> values(String config, int subtask, int parallelism) throws Exception {
        OperatorSpec spec =
                OperatorTesting.spec(
                        """
            name: seq
            pipeline:
              transforms:
                - type: Sequence
                  config: %s
                - type: Discard
            """
                                .formatted(config),
                        "Sequence");
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        SequenceSource source =
                new SequenceSource(
                        OperatorTesting.context(spec, subtask, parallelism, Clock.SYSTEM), out);
        source.open();
        int batches = 0;
        while (source.emitBatch(2) != SourceOperator.Progress.END) {
            assertThat(++batches).isLessThan(100);
        }
        List<Long> values = new ArrayList<>();
        for (Row row : out.rows) {
            values.add(row.getLong(0));
        }
        return values;
    }
}
