package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.Clock;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizeAndRunningCountTest {

    private static final String TEXT_JOB =
            """
      name: text
      pipeline:
        transforms:
          - type: ReadFromText
            config: {path: in}
          - type: Tokenize
          - type: KeyBy
            config: {field: word}
          - type: RunningCount
          - type: Discard
      """;

    @Test
    void tokenizeEmitsLowerCasedRunsOfLettersAndDigits() throws Exception {
        OperatorSpec spec = OperatorTesting.spec(TEXT_JOB, "Tokenize");
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        TokenizeOperator tokenize =
                new TokenizeOperator(OperatorTesting.context(spec, 0, 1, Clock.SYSTEM), out);
        Row line = new Row(Schema.of(new Field("line", FieldType.STRING)));

        tokenize.processRecord(line.setString(0, "Hello, World! It's 2024 -- ÜBER straße x_y 𝔘1"));
        tokenize.processRecord(line.setString(0, "  ...  "));
        tokenize.processRecord(line.setString(0, "end"));

        assertThat(out.strings(0))
                .containsExactly(
                        "hello", "world", "it", "s", "2024", "über", "straße", "x", "y", "𝔘1",
                        "end");
    }

    @Test
    void runningCountEmitsEachKeysCountSoFar() throws Exception {
        OperatorSpec spec = OperatorTesting.spec(TEXT_JOB, "RunningCount");
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        RunningCountOperator count =
                new RunningCountOperator(OperatorTesting.context(spec, 0, 1, Clock.SYSTEM), out);
        Row word = new Row(spec.inputSchema().orElseThrow());

        for (String w : List.of("a", "b", "a", "a", "c", "b")) {
            count.processRecord(word.setString(0, w));
        }

        assertThat(out.rows)
                .extracting(Row::toString)
                .containsExactly(
                        "{word=\"a\", count=1}",
                        "{word=\"b\", count=1}",
                        "{word=\"a\", count=2}",
                        "{word=\"a\", count=3}",
                        "{word=\"c\", count=1}",
                        "{word=\"b\", count=2}");
        assertThat(count.keys()).isEqualTo(3);
        assertThat(count.count("a", io.spate.record.Utf8.hash("a"))).isEqualTo(3);
    }

    @Test
    void runningCountKeysByALongField() throws Exception {
        OperatorSpec spec =
                OperatorTesting.spec(
                        """
            name: seq
            pipeline:
              transforms:
                - type: Sequence
                  config: {to: 3}
                - type: KeyBy
                  config: {field: value}
                - type: RunningCount
                - type: Discard
            """,
                        "RunningCount");
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        RunningCountOperator count =
                new RunningCountOperator(OperatorTesting.context(spec, 0, 1, Clock.SYSTEM), out);
        Row value = new Row(spec.inputSchema().orElseThrow());

        count.processRecord(value.setLong(0, 7));
        count.processRecord(value.setLong(0, 7));

        assertThat(out.rows)
                .extracting(Row::toString)
                .containsExactly("{value=7, count=1}", "{value=7, count=2}");
    }
}
