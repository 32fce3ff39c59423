package io.spate.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.record.FieldType;
import io.spate.record.Utf8;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedTimersTest {

    private final List<String> fired = new ArrayList<>();
    private final ManualProcessingTimers clock = new ManualProcessingTimers(1_000);

    private KeyedTimers timers(KeyedStateBackend b) {
        return b.timers(
                "timers",
                (ts, ns, event) ->
                        fired.add((event ? "e" : "p") + ts + "/" + ns + "@" + b.currentKey()),
                clock);
    }

    private static KeyedStateBackend backend() {
        return new KeyedStateBackend(KeyGroupRange.of(0, 1, 128), FieldType.STRING);
    }

    private static void key(KeyedStateBackend b, String k) {
        b.setCurrentKey(k, Utf8.hash(k));
    }

    @Test
    void eventTimeTimersFireInTimestampOrderOnceWithTheirKeyCurrent() throws Exception {
        KeyedStateBackend b = backend();
        KeyedTimers t = timers(b);
        key(b, "a");
        t.registerEventTimeTimer(0, 30);
        t.registerEventTimeTimer(0, 10);
        t.registerEventTimeTimer(0, 10); // deduplicated
        key(b, "b");
        t.registerEventTimeTimer(5, 20);
        t.registerEventTimeTimer(6, 40);
        t.deleteEventTimeTimer(6, 40);
        assertThat(t.eventTimeTimers()).isEqualTo(3);

        t.advanceWatermark(25);
        assertThat(fired).containsExactly("e10/0@a", "e20/5@b");
        t.advanceWatermark(20); // watermarks only rise
        t.advanceWatermark(Long.MAX_VALUE);
        assertThat(fired).containsExactly("e10/0@a", "e20/5@b", "e30/0@a");
        assertThat(t.eventTimeTimers()).isZero();
    }

    @Test
    void timersOfOneTimestampShareASlotAndDeletedOrReaddedOnesFireOnce() throws Exception {
        KeyedStateBackend b = backend();
        KeyedTimers t = timers(b);
        for (String k : List.of("a", "b", "c")) {
            key(b, k);
            t.registerEventTimeTimer(7, 50);
        }
        key(b, "b");
        t.deleteEventTimeTimer(7, 50);
        key(b, "c");
        t.deleteEventTimeTimer(7, 50);
        t.registerEventTimeTimer(7, 50); // deleted and added again: still one timer
        key(b, "a");
        t.registerEventTimeTimer(3, 50); // same timestamp, smaller namespace: fires first
        assertThat(t.eventTimeTimers()).isEqualTo(3);

        t.advanceWatermark(50);
        assertThat(fired).containsExactlyInAnyOrder("e50/3@a", "e50/7@a", "e50/7@c");
        assertThat(fired.get(0)).isEqualTo("e50/3@a");
        assertThat(t.eventTimeTimers()).isZero();
    }

    @Test
    void aTimerRegisteredWhileFiringAtOrBeforeTheWatermarkFiresInTheSameAdvance() throws Exception {
        KeyedStateBackend b = backend();
        List<String> seen = new ArrayList<>();
        KeyedTimers[] t = new KeyedTimers[1];
        t[0] =
                b.timers(
                        "timers",
                        (ts, ns, event) -> {
                            seen.add(ts + "/" + ns + "@" + b.currentKey());
                            if (ns == 1) {
                                t[0].registerEventTimeTimer(0, ts); // earlier namespace, same time
                                t[0].registerEventTimeTimer(1, ts + 100); // beyond the watermark
                            }
                        },
                        clock);
        key(b, "a");
        t[0].registerEventTimeTimer(1, 10);
        t[0].advanceWatermark(20);
        assertThat(seen).containsExactly("10/1@a", "10/0@a");
        t[0].advanceWatermark(110);
        assertThat(seen).containsExactly("10/1@a", "10/0@a", "110/1@a", "110/0@a");
    }

    @Test
    void processingTimeTimersFireFromTheInjectedClock() throws Exception {
        KeyedStateBackend b = backend();
        KeyedTimers t = timers(b);
        key(b, "a");
        t.registerProcessingTimeTimer(1, 1_500);
        t.registerProcessingTimeTimer(2, 1_200);
        clock.advanceTo(1_199);
        assertThat(fired).isEmpty();
        clock.advanceTo(1_200);
        assertThat(fired).containsExactly("p1200/2@a");
        clock.advanceTo(2_000);
        assertThat(fired).containsExactly("p1200/2@a", "p1500/1@a");
    }

    @Test
    void timersArePartOfTheSnapshotPerKeyGroup() throws Exception {
        KeyedStateBackend b = backend();
        KeyedTimers t = timers(b);
        for (int k = 0; k < 20; k++) {
            key(b, "k" + k);
            t.registerEventTimeTimer(k, 100 + k);
        }
        key(b, "p");
        t.registerProcessingTimeTimer(0, 5_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        b.snapshot(new DataOutputStream(bytes));

        // Restored into two subtasks: each fires the timers of its own keys only, together all.
        List<String> all = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            fired.clear();
            KeyedStateBackend r =
                    new KeyedStateBackend(KeyGroupRange.of(s, 2, 128), FieldType.STRING);
            KeyedTimers rt = timers(r);
            r.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            rt.resumeProcessingTime();
            rt.advanceWatermark(Long.MAX_VALUE);
            all.addAll(fired);
        }
        clock.advanceTo(5_000);
        all.addAll(fired.subList(fired.size() - 1, fired.size()));
        assertThat(all).hasSize(21).contains("e100/0@k0", "e119/19@k19", "p5000/0@p");
    }
}
