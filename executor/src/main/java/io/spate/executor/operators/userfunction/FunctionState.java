package io.spate.executor.operators.userfunction;

import io.spate.api.KeyedState;
import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.StateSerializer;
import java.util.List;
import java.util.Map;

/**
 * {@link KeyedState} over the executor's {@link KeyedStateBackend}: each API state is one of the
 * backend's states ({@code user.<name>}), so it is checkpointed per key group like the built-ins'.
 * Registration closes when the function's {@code open} returned. Task thread only.
 */
final class FunctionState implements KeyedState {

    private final KeyedStateBackend backend;
    private final String transform;
    private boolean frozen;

    FunctionState(KeyedStateBackend backend, String transform) {
        this.backend = backend;
        this.transform = transform;
    }

    void freeze() {
        frozen = true;
    }

    @Override
    public <T> ValueState<T> value(String name, Class<T> type) {
        var s = backend.valueState(register(name), serializer(name, type));
        return new ValueState<>() {
            @Override
            public T value() {
                return s.value();
            }

            @Override
            public void update(T value) {
                s.update(value);
            }

            @Override
            public void clear() {
                s.clear();
            }
        };
    }

    @Override
    public <K, V> MapState<K, V> map(String name, Class<K> keyType, Class<V> valueType) {
        var s =
                backend.mapState(
                        register(name), serializer(name, keyType), serializer(name, valueType));
        return new MapState<>() {
            @Override
            public V get(K key) {
                return s.get(key);
            }

            @Override
            public void put(K key, V value) {
                s.put(key, value);
            }

            @Override
            public void remove(K key) {
                s.remove(key);
            }

            @Override
            public Map<K, V> entries() {
                return s.entries();
            }

            @Override
            public void clear() {
                s.clear();
            }
        };
    }

    @Override
    public <T> ListState<T> list(String name, Class<T> type) {
        var s = backend.listState(register(name), serializer(name, type));
        return new ListState<>() {
            @Override
            public void add(T value) {
                s.add(value);
            }

            @Override
            public List<T> get() {
                return s.get();
            }

            @Override
            public void clear() {
                s.clear();
            }
        };
    }

    private String register(String name) {
        if (frozen) {
            throw new IllegalStateException(
                    transform + ": register state " + name + " in open(), not later");
        }
        return "user." + name;
    }

    @SuppressWarnings("unchecked")
    private <T> StateSerializer<T> serializer(String name, Class<T> type) {
        StateSerializer<?> s;
        if (type == Long.class) {
            s = StateSerializer.LONG;
        } else if (type == Double.class) {
            s = StateSerializer.DOUBLE;
        } else if (type == Boolean.class) {
            s = StateSerializer.BOOLEAN;
        } else if (type == String.class) {
            s = StateSerializer.STRING;
        } else {
            throw new IllegalArgumentException(
                    transform
                            + ": state "
                            + name
                            + " of "
                            + type.getName()
                            + ": state holds Long, Double, Boolean or String");
        }
        return (StateSerializer<T>) s;
    }
}
