package io.spate.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.jobgraph.KeyGroups;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.record.Utf8;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyedStateBackendTest {

    private static final int MAX = 128;

    private static KeyedStateBackend backend(int subtask, int parallelism) {
        return new KeyedStateBackend(KeyGroupRange.of(subtask, parallelism, MAX), FieldType.STRING);
    }

    private static byte[] snapshot(KeyedStateBackend b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        b.snapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * A snapshot finds each key's group from the key alone: that must be the group the record's
     * field hashed to when the KeyBy routed it, for every key type.
     */
    @Test
    void aKeyHashesAsItsRecordFieldHashed() {
        java.util.Random random = new java.util.Random(7);
        for (FieldType type : FieldType.values()) {
            Schema schema = Schema.of(new Field("k", type));
            Row row = new Row(schema);
            KeyedStateBackend b = new KeyedStateBackend(KeyGroupRange.of(0, 1, MAX), type);
            for (int i = 0; i < 1000; i++) {
                Object key =
                        switch (type) {
                            case STRING ->
                                    "k" + random.nextInt() + (i % 7 == 0 ? "\u00e9\u4e2d" : "");
                            case LONG -> random.nextLong();
                            case DOUBLE -> i == 0 ? -0.0 : random.nextGaussian() * 1e9;
                            case BOOLEAN -> random.nextBoolean();
                        };
                switch (type) {
                    case STRING -> row.setString(0, (String) key);
                    case LONG -> row.setLong(0, (Long) key);
                    case DOUBLE -> row.setDouble(0, (Double) key);
                    case BOOLEAN -> row.setBoolean(0, (Boolean) key);
                }
                // As the KeyBy's receiver sees it: a view on the serialized bytes.
                io.spate.record.RowSerializer serializer =
                        new io.spate.record.RowSerializer(schema);
                java.nio.ByteBuffer bytes =
                        java.nio.ByteBuffer.allocate(serializer.serializedSize(row));
                serializer.write(row, bytes, 0);
                Row view = new Row(schema);
                serializer.read(bytes, 0, bytes.capacity(), view);
                assertThat(b.hashOf(key)).as(type + " " + key).isEqualTo(view.hashField(0));
            }
        }
    }

    @Test
    void keyGroupAssignmentIsFlinksFormulaAndStable() {
        // Golden values, printed by Flink 1.20.3's MathUtils.murmurHash: a change here would move
        // keys away from their checkpointed state.
        int[][] golden = {
            {0, 593689054},
            {1, 68075478},
            {-1, 1982413648},
            {42, 1134849565},
            {Integer.MIN_VALUE, 1718298732},
            {Integer.MAX_VALUE, 1653689534},
            {123456789, 1088346449}
        };
        for (int[] g : golden) {
            assertThat(KeyGroups.murmur(g[0])).as("murmur(" + g[0] + ")").isEqualTo(g[1]);
            assertThat(KeyGroups.keyGroupOf(g[0], 128)).isEqualTo(g[1] % 128);
        }
        // Ranges are contiguous, cover every group once, and agree with subtaskOf.
        for (int p : new int[] {1, 2, 3, 7, 128}) {
            int next = 0;
            for (int s = 0; s < p; s++) {
                KeyGroupRange r = KeyGroupRange.of(s, p, 128);
                assertThat(r.first()).isEqualTo(next);
                for (int g = r.first(); g < r.end(); g++) {
                    assertThat(KeyGroups.subtaskOf(g, 128, p)).isEqualTo(s);
                }
                next = r.end();
            }
            assertThat(next).isEqualTo(128);
        }
    }

    @Test
    void aSnapshotAtParallelismTwoRestoresIntoThreeAndOne() throws Exception {
        int keys = 500;
        Map<String, Long> expected = new HashMap<>();
        List<byte[]> snapshots = new ArrayList<>();
        List<KeyedStateBackend> two = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            expected.put("k" + k, (long) k + 1);
        }
        List<LongValueState> counts = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            KeyedStateBackend b = backend(s, 2);
            counts.add(b.longState("count"));
            two.add(b);
        }
        for (int k = 0; k < keys; k++) {
            String key = "k" + k;
            int hash = Utf8.hash(key);
            int s = KeyGroups.subtaskOfKey(hash, MAX, 2);
            two.get(s).setCurrentKey(key, hash);
            counts.get(s).add(k + 1);
        }
        for (KeyedStateBackend b : two) {
            snapshots.add(snapshot(b));
        }
        for (int p : new int[] {3, 1, 2, 128}) {
            Map<String, Long> restored = new HashMap<>();
            for (int s = 0; s < p; s++) {
                int before = restored.size();
                KeyedStateBackend b = backend(s, p);
                LongValueState count = b.longState("count");
                for (byte[] snap : snapshots) {
                    b.restore(new DataInputStream(new ByteArrayInputStream(snap)));
                }
                for (int k = 0; k < keys; k++) {
                    String key = "k" + k;
                    int hash = Utf8.hash(key);
                    if (KeyGroups.subtaskOfKey(hash, MAX, p) == s) {
                        b.setCurrentKey(key, hash);
                        restored.put(key, count.get());
                    }
                }
                assertThat(b.size())
                        .as("keys held by subtask " + s)
                        .isEqualTo(restored.size() - before);
            }
            assertThat(restored).as("parallelism " + p).isEqualTo(expected);
        }
    }

    @Test
    void everyStateKindRoundTripsPerKeyGroup() throws Exception {
        KeyedStateBackend b = backend(0, 1);
        LongValueState count = b.longState("count");
        MapState<Long, String> map =
                b.mapState("map", StateSerializer.LONG, StateSerializer.STRING);
        ListState<Double> list = b.listState("list", StateSerializer.DOUBLE);
        ValueState<String> value = b.valueState("value", StateSerializer.STRING);
        for (int k = 0; k < 50; k++) {
            b.setCurrentKey("k" + k, Utf8.hash("k" + k));
            count.add(k);
            map.put((long) k, "m" + k);
            list.add(k + 0.5);
            value.update("é" + k);
        }
        byte[] snap = snapshot(b);
        KeyedStateBackend c = backend(0, 1);
        LongValueState count2 = c.longState("count");
        MapState<Long, String> map2 =
                c.mapState("map", StateSerializer.LONG, StateSerializer.STRING);
        ListState<Double> list2 = c.listState("list", StateSerializer.DOUBLE);
        ValueState<String> value2 = c.valueState("value", StateSerializer.STRING);
        c.restore(new DataInputStream(new ByteArrayInputStream(snap)));
        for (int k = 0; k < 50; k++) {
            c.setCurrentKey("k" + k, Utf8.hash("k" + k));
            assertThat(count2.get()).isEqualTo(k);
            assertThat(map2.entries()).containsExactly(Map.entry((long) k, "m" + k));
            assertThat(list2.get()).containsExactly(k + 0.5);
            assertThat(value2.value()).isEqualTo("é" + k);
        }
        assertThat(c.size()).isEqualTo(b.size());
        assertThat(snapshot(c)).isEqualTo(snap);
    }

    @Test
    void aSnapshotOfOtherStatesOrKeyGroupsIsRefusedWithTheReason() throws Exception {
        KeyedStateBackend b = backend(0, 1);
        b.longState("count");
        byte[] snap = snapshot(b);
        KeyedStateBackend other = backend(0, 1);
        other.longState("sum");
        assertThatThrownBy(() -> other.restore(new DataInputStream(new ByteArrayInputStream(snap))))
                .hasMessageContaining("holds [count], the operator has [sum]");
        KeyedStateBackend wider =
                new KeyedStateBackend(KeyGroupRange.of(0, 1, 256), FieldType.STRING);
        wider.longState("count");
        assertThatThrownBy(() -> wider.restore(new DataInputStream(new ByteArrayInputStream(snap))))
                .hasMessageContaining("maxParallelism 128, the job has 256");
        assertThatThrownBy(() -> backend(0, 2).setCurrentKeyInGroup("x", 127))
                .hasMessageContaining("outside this subtask's");
        // A key set without its hash (the RunningCount path) is caught when the snapshot cuts
        // the state by group, and when a timer asks for its group.
        String foreign = "k0";
        while (KeyGroups.subtaskOfKey(Utf8.hash(foreign), MAX, 2) == 0) {
            foreign = foreign + "x";
        }
        KeyedStateBackend half = backend(0, 2);
        LongValueState count = half.longState("count");
        half.setCurrentKey(foreign);
        count.add(1);
        assertThatThrownBy(() -> snapshot(half))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key " + foreign + " is in key group")
                .hasMessageContaining("outside this subtask's");
        assertThatThrownBy(half::currentKeyGroup).hasMessageContaining("outside this subtask's");
    }
}
