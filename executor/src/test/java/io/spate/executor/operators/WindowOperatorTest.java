package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import org.junit.jupiter.api.Test;

class WindowOperatorTest {

    /**
     * A job of {@code Sequence (value, et) -> KeyBy key -> Window} with the given window config.
     */
    static OperatorSpec spec(String window, boolean keyed) throws Exception {
        String yaml =
                "name: w\npipeline:\n  transforms:\n"
                        + "    - {name: src, type: Sequence, config: {to: 10, eventTime: {start: 0},"
                        + " watermarks: {field: et}}}\n"
                        + (keyed ? "    - {type: KeyBy, config: {field: value}}\n" : "")
                        + "    - {name: win, type: Window, config: "
                        + window
                        + "}\n"
                        + "    - {type: Log, input: win}\n"
                        + "    - {type: Log, input: win.late}\n";
        return OperatorTesting.spec(yaml, "win");
    }

    private static void send(WindowHarness h, long key, long et) throws Exception {
        h.record(h.row().setLong(0, key).setLong(1, et));
    }

    private static String rows(WindowHarness h) {
        return h.out.rows.stream().map(Row::toString).toList().toString();
    }

    @Test
    void tumblingCountsPerKeyAndFiresWhenTheWatermarkPassesTheEnd() throws Exception {
        WindowHarness h =
                new WindowHarness(
                        spec(
                                "{tumbling: 10ms, aggregations: [{count: {}}, {sum: et}, {max: et}]}",
                                true),
                        1,
                        0);
        send(h, 1, 3);
        send(h, 1, 9);
        send(h, 2, 5);
        send(h, 1, 12);
        h.watermark(8);
        assertThat(h.out.rows).isEmpty();
        h.watermark(9); // end 10 is exclusive: 9 closes [0, 10)
        assertThat(h.out.rows)
                .extracting(Row::toString)
                .containsExactlyInAnyOrder(
                        "{value=1, window_start=0, window_end=10, count=2, sum_et=12, max_et=9}",
                        "{value=2, window_start=0, window_end=10, count=1, sum_et=5, max_et=5}");
        h.finish();
        assertThat(h.out.rows).hasSize(3);
        assertThat(h.out.rows.get(2).toString())
                .isEqualTo(
                        "{value=1, window_start=10, window_end=20, count=1, sum_et=12, max_et=12}");
        assertThat(h.operators.getFirst().stateEntries()).isZero();
    }

    @Test
    void aPaneOfThousandsOfKeysGrowsAndAFiredOneKeepsItsKeysAcrossARestore() throws Exception {
        // 3,000 keys in one window: the pane's table grows many times; lateness keeps the fired
        // pane, and a snapshot taken then restores it as fired (a late record re-fires only its
        // key).
        WindowHarness h =
                new WindowHarness(
                        spec(
                                "{tumbling: 10ms, allowedLateness: 20ms, aggregations: [{count: {}}]}",
                                true),
                        2,
                        0);
        for (int k = 0; k < 3_000; k++) {
            send(h, k, k % 10);
            if (k % 3 == 0) {
                send(h, k, 9 - k % 10);
            }
        }
        h.watermark(9);
        assertThat(h.out.rows).hasSize(3_000);
        assertThat(h.out.rows.stream().mapToLong(r -> r.getLong(3)).sum()).isEqualTo(4_000);
        assertThat(h.operators.stream().mapToLong(WindowOperator::stateEntries).sum())
                .isEqualTo(3_000);

        h = h.restoredAt(3, h.snapshot());
        send(h, 7, 4); // late but within the lateness: key 7 only, its count now 2
        assertThat(h.out.rows).hasSize(3_001);
        assertThat(h.out.rows.getLast().toString())
                .isEqualTo("{value=7, window_start=0, window_end=10, count=2}");
        h.watermark(29); // end - 1 + lateness: the pane goes, without firing again
        assertThat(h.out.rows).hasSize(3_001);
        assertThat(h.operators.stream().mapToLong(WindowOperator::stateEntries).sum()).isZero();
        send(h, 7, 5); // now too late
        assertThat(h.late.rows).hasSize(1);
    }

    @Test
    void slidingWindowsHoldARecordInSizeOverSlideWindows() throws Exception {
        WindowHarness h =
                new WindowHarness(
                        spec(
                                "{sliding: {size: 10ms, slide: 5ms}, aggregations: [{count: {}}, {min: et, as: first}]}",
                                true),
                        1,
                        0);
        send(h, 7, 7);
        send(h, 7, 12);
        h.finish();
        assertThat(h.out.rows)
                .extracting(Row::toString)
                .containsExactly(
                        "{value=7, window_start=0, window_end=10, count=1, first=7}",
                        "{value=7, window_start=5, window_end=15, count=2, first=7}",
                        "{value=7, window_start=10, window_end=20, count=1, first=12}");
    }

    @Test
    void sessionsMergeWhenARecordBridgesThem() throws Exception {
        WindowHarness h =
                new WindowHarness(
                        spec(
                                "{session: {gap: 10ms}, aggregations: [{count: {}}, {avg: et}]}",
                                true),
                        1,
                        0);
        send(h, 1, 0);
        send(h, 1, 25); // a second session [25, 35)
        send(h, 1, 12); // [12, 22) bridges neither: [0,10) ends before 12
        send(h, 1, 16); // extends [12, 26) and so reaches [25, 35): all merge into [12, 35)
        h.finish();
        assertThat(h.out.rows)
                .extracting(Row::toString)
                .containsExactly(
                        "{value=1, window_start=0, window_end=10, count=1, avg_et=0.0}",
                        "{value=1, window_start=12, window_end=35, count=3, avg_et=17.666666666666668}");
    }

    @Test
    void lateRecordsWithinTheLatenessUpdateAndReFireOthersGoToTheSideOutput() throws Exception {
        WindowHarness h =
                new WindowHarness(
                        spec(
                                "{tumbling: 10ms, allowedLateness: 5ms, aggregations: [{count: {}}]}",
                                true),
                        1,
                        0);
        send(h, 1, 1);
        h.watermark(10);
        assertThat(rows(h)).isEqualTo("[{value=1, window_start=0, window_end=10, count=1}]");
        send(h, 1, 2); // late, but within 5 ms: fires again with the update
        assertThat(h.out.rows).hasSize(2);
        assertThat(h.out.rows.get(1).toString())
                .isEqualTo("{value=1, window_start=0, window_end=10, count=2}");
        h.watermark(14); // 9 + 5 = 14: the window's state goes
        send(h, 1, 3); // too late now
        assertThat(h.late.rows).extracting(Row::toString).containsExactly("{value=1, et=3}");
        assertThat(h.operators.getFirst().lateRecords()).isEqualTo(1);
        h.finish();
        assertThat(h.out.rows).hasSize(2);
    }

    @Test
    void processingTimeWindowsFireFromTheClock() throws Exception {
        WindowHarness h =
                new WindowHarness(
                        spec("{tumbling: 1s, time: processing, aggregations: [{count: {}}]}", true),
                        1,
                        10_000);
        send(h, 1, 0);
        send(h, 1, 999_999); // the field is ignored: the clock says 10 000
        h.time.advanceTo(10_500);
        send(h, 2, 0);
        h.time.advanceTo(10_998);
        assertThat(h.out.rows).isEmpty();
        h.time.advanceTo(10_999);
        assertThat(h.out.rows)
                .extracting(Row::toString)
                .containsExactlyInAnyOrder(
                        "{value=1, window_start=10000, window_end=11000, count=2}",
                        "{value=2, window_start=10000, window_end=11000, count=1}");
    }

    @Test
    void windowAllAggregatesEveryRecordInOneSubtask() throws Exception {
        WindowHarness h =
                new WindowHarness(
                        spec(
                                "{tumbling: 10ms, all: true, aggregations: [{count: {}}, {sum: value}]}",
                                false),
                        1,
                        0);
        send(h, 4, 1);
        send(h, 5, 2);
        h.finish();
        assertThat(rows(h)).isEqualTo("[{window_start=0, window_end=10, count=2, sum_value=9}]");
    }
}
