package io.llmbatch4j.testkit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Gemini {@code cachedContents} by name; expired entries are dropped when looked at. */
public final class GeminiCacheStore {

    /** One cache: its prompt text and tokens, and the fields the API returns. */
    public record Entry(String name, String model, String displayName, String promptText, int tokens,
            Instant createTime, Instant updateTime, Instant expireTime) {
        public Entry withExpireTime(Instant expire, Instant now) {
            return new Entry(name, model, displayName, promptText, tokens, createTime, now, expire);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public void put(Entry e) {
        entries.put(e.name(), e);
    }

    /** The live entry, or {@code null} when unknown, deleted or expired. */
    public Entry get(String name, Instant now) {
        Entry e = entries.get(name);
        if (e != null && !e.expireTime().isAfter(now)) {
            entries.remove(name, e);
            return null;
        }
        return e;
    }

    public boolean delete(String name, Instant now) {
        return get(name, now) != null && entries.remove(name) != null;
    }

    public List<Entry> list(Instant now) {
        List<Entry> out = new ArrayList<>();
        for (String name : List.copyOf(entries.keySet())) {
            Entry e = get(name, now);
            if (e != null) {
                out.add(e);
            }
        }
        out.sort((a, b) -> a.createTime().compareTo(b.createTime()));
        return out;
    }
}
