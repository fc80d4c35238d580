package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.RecordedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Everything one server remembers between requests: config, log, attempt counts, quotas, caches. */
public final class ServerState {

    private static final int MAX_TRACKED_BODIES = 1_000_000;

    private final AtomicReference<FakeServerConfig> config;
    private final ArrayDeque<RecordedRequest> log = new ArrayDeque<>();
    private final ConcurrentHashMap<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    public final QuotaBook quotas = new QuotaBook();
    public final OpenAiPrefixCache openAiCache = new OpenAiPrefixCache();
    public final AnthropicPromptCache anthropicCache = new AnthropicPromptCache();
    public final GeminiCacheStore geminiCaches = new GeminiCacheStore();
    public final OpenAiFiles openAiFiles = new OpenAiFiles();
    public final OpenAiBatches openAiBatches = new OpenAiBatches();
    public final AnthropicBatches anthropicBatches = new AnthropicBatches();
    public final GeminiFiles geminiFiles = new GeminiFiles();
    public final GeminiBatches geminiBatches = new GeminiBatches();

    public ServerState(FakeServerConfig config) {
        this.config = new AtomicReference<>(config);
    }

    public FakeServerConfig config() {
        return config.get();
    }

    /** Swaps the config; a changed quota starts fresh windows. */
    public void reconfigure(FakeServerConfig next) {
        FakeServerConfig prev = config.getAndSet(next);
        if (!prev.quota().equals(next.quota())) {
            quotas.clear();
        }
    }

    /** How many times this request hash was seen before (0 the first time). */
    public int nextAttempt(long requestHash) {
        if (attempts.size() > MAX_TRACKED_BODIES) {
            attempts.clear();
        }
        return attempts.computeIfAbsent(requestHash, h -> new AtomicInteger()).getAndIncrement();
    }

    /** A number unique within this server, for ids. */
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    public void record(RecordedRequest r) {
        int limit = config().requestLogLimit();
        synchronized (log) {
            log.addLast(r);
            while (log.size() > limit) {
                log.removeFirst();
            }
        }
    }

    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(new ArrayList<>(log));
        }
    }

    public void clearRequests() {
        synchronized (log) {
            log.clear();
        }
    }
}
