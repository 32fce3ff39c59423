package io.spate.api;

import java.util.List;
import java.util.Map;

/**
 * Registers keyed state (Flink: the RuntimeContext's getState, getMapState, getListState). Call it
 * in {@code open}, in the same order on every run: a restored checkpoint finds its states by name
 * and order. Value types are {@code Long}, {@code Double}, {@code Boolean} and {@code String}.
 */
public interface KeyedState {

    <T> ValueState<T> value(String name, Class<T> type);

    <K, V> MapState<K, V> map(String name, Class<K> keyType, Class<V> valueType);

    <T> ListState<T> list(String name, Class<T> type);

    /** One value per key. */
    interface ValueState<T> {
        /** The current key's value, or null. */
        T value();

        /** Sets it; null clears it. */
        void update(T value);

        void clear();
    }

    /** A map per key. */
    interface MapState<K, V> {
        /** The value of {@code key} for the current key, or null. */
        V get(K key);

        void put(K key, V value);

        void remove(K key);

        /** A read-only view of the current key's map. */
        Map<K, V> entries();

        void clear();
    }

    /** A list per key. */
    interface ListState<T> {
        void add(T value);

        /** A read-only view of the current key's list. */
        List<T> get();

        void clear();
    }
}
