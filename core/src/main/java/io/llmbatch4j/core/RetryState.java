package io.llmbatch4j.core;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A small typed attribute map that lives as long as one item: every attempt and every
 * {@code onError} call of that item see the same instance; no other item does. This is where a
 * shared strategy keeps per-item memory such as an escalation level or the last validation error.
 *
 * <p>Attempts of one item never overlap, but they may run on different threads; the map is safe
 * for that.
 */
public final class RetryState {

    /**
     * A typed key, compared by identity: create each key once, as a constant.
     *
     * @param <V> the value type
     */
    public static final class Key<V> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /**
         * A new key; {@code name} is for diagnostics only.
         *
         * @param name a name for diagnostics
         * @param <V> the value type
         * @return the key
         */
        public static <V> Key<V> of(String name) {
            return new Key<>(Objects.requireNonNull(name, "name"));
        }

        @Override
        public String toString() {
            return "Key[" + name + "]";
        }
    }

    private volatile @Nullable Map<Key<?>, Object> values;

    /** A new, empty state (the processor makes one per item; tests may too). */
    public RetryState() {}

    /**
     * The value for {@code key}, or {@code null}.
     *
     * @param key the key
     * @param <V> the value type
     * @return the value
     */
    @SuppressWarnings("unchecked")
    public <V> @Nullable V get(Key<V> key) {
        Map<Key<?>, Object> map = values;
        return map == null ? null : (V) map.get(key);
    }

    /**
     * The value for {@code key}, or {@code defaultValue}.
     *
     * @param key the key
     * @param defaultValue the value when none is set
     * @param <V> the value type
     * @return the value
     */
    public <V> V getOrDefault(Key<V> key, V defaultValue) {
        V value = get(key);
        return value == null ? defaultValue : value;
    }

    /**
     * Sets {@code key}; a {@code null} value removes it.
     *
     * @param key the key
     * @param value the value, or {@code null} to remove it
     * @param <V> the value type
     */
    public <V> void put(Key<V> key, @Nullable V value) {
        Map<Key<?>, Object> map = values;
        if (map == null) {
            synchronized (this) {
                map = values;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    values = map;
                }
            }
        }
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public String toString() {
        Map<Key<?>, Object> map = values;
        return "RetryState" + (map == null ? "{}" : map.keySet().toString());
    }
}
