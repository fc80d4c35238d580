package io.llmbatch4j.testkit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link FakeLlmServer}. Immutable; build with {@link #builder()}, whose
 * {@link Builder#build()} refuses bad values naming every bad field at once.
 *
 * <ul>
 *   <li>API keys, one per provider (defaults {@value #DEFAULT_OPENAI_KEY},
 *       {@value #DEFAULT_ANTHROPIC_KEY}, {@value #DEFAULT_GEMINI_KEY}).
 *   <li>{@code port}: 0 (the default) picks a free port. The server binds 127.0.0.1 only.
 *   <li>{@code seed}: every random choice (answer text, faults, latency, answer quality) is derived
 *       from (seed, request path and body, how many times that exact request was seen before).
 *   <li>{@code latency}, {@code quota} (per API key), {@code faults}: see their classes.
 *   <li>{@code modelBehavior(model, behavior)}: share of invalid-JSON or schema-violating answers per
 *       model name (exact match); {@code defaultBehavior} for every other model.
 *   <li>{@code batchExpiredShare}: share 0..1 of the requests of each offline batch that expire
 *       (OpenAI {@code batch_expired} lines and status {@code expired}, Anthropic {@code expired}
 *       results); any share above 0 expires a whole Gemini batch job (Gemini has no per-request
 *       expiry). Batch requests get no quota or transport faults, but the {@code faults} shares of
 *       500/502/503 and overloaded turn into per-request server errors inside batches.
 *   <li>{@code geminiMinCacheTokens}: the smallest Gemini {@code cachedContents} accepted (1,024).
 *   <li>{@code requestLogLimit}: the newest requests kept in the log (10,000).
 *   <li>{@code clock}: the source of "now" for windows, cache expiry and timestamps (system UTC).
 * </ul>
 */
public final class FakeServerConfig {

    /** The key accepted for OpenAI requests unless set. */
    public static final String DEFAULT_OPENAI_KEY = "test-openai-key";
    /** The key accepted for Anthropic requests unless set. */
    public static final String DEFAULT_ANTHROPIC_KEY = "test-anthropic-key";
    /** The key accepted for Gemini requests unless set. */
    public static final String DEFAULT_GEMINI_KEY = "test-gemini-key";
    /** The seed unless set. */
    public static final long DEFAULT_SEED = 42L;
    /** The smallest Gemini {@code cachedContents} accepted unless set, in tokens. */
    public static final int DEFAULT_GEMINI_MIN_CACHE_TOKENS = 1024;
    /** The number of requests the log keeps unless set. */
    public static final int DEFAULT_REQUEST_LOG_LIMIT = 10_000;

    private static final FakeServerConfig DEFAULTS = builder().build();

    private final String openAiKey;
    private final String anthropicKey;
    private final String geminiKey;
    private final int port;
    private final long seed;
    private final LatencyProfile latency;
    private final Quota quota;
    private final FaultRates faults;
    private final Map<String, ModelBehavior> modelBehaviors;
    private final ModelBehavior defaultBehavior;
    private final double batchExpiredShare;
    private final int geminiMinCacheTokens;
    private final int requestLogLimit;
    private final Clock clock;

    private FakeServerConfig(Builder b) {
        this.openAiKey = b.openAiKey;
        this.anthropicKey = b.anthropicKey;
        this.geminiKey = b.geminiKey;
        this.port = b.port;
        this.seed = b.seed;
        this.latency = b.latency;
        this.quota = b.quota;
        this.faults = b.faults;
        this.modelBehaviors = Map.copyOf(b.modelBehaviors);
        this.defaultBehavior = b.defaultBehavior;
        this.batchExpiredShare = b.batchExpiredShare;
        this.geminiMinCacheTokens = b.geminiMinCacheTokens;
        this.requestLogLimit = b.requestLogLimit;
        this.clock = b.clock;
    }

    /** {@return default keys, a free port, seed 42, no latency, no quota, no faults, perfect answers} */
    public static FakeServerConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from this config} */
    public Builder toBuilder() {
        Builder b = new Builder().openAiKey(openAiKey).anthropicKey(anthropicKey).geminiKey(geminiKey).port(port)
                .seed(seed).latency(latency).quota(quota).faults(faults).defaultBehavior(defaultBehavior)
                .geminiMinCacheTokens(geminiMinCacheTokens).requestLogLimit(requestLogLimit).clock(clock)
                .batchExpiredShare(batchExpiredShare);
        b.modelBehaviors.putAll(modelBehaviors);
        return b;
    }

    /** {@return the key accepted for OpenAI requests} */
    public String openAiKey() {
        return openAiKey;
    }

    /** {@return the key accepted for Anthropic requests} */
    public String anthropicKey() {
        return anthropicKey;
    }

    /** {@return the key accepted for Gemini requests} */
    public String geminiKey() {
        return geminiKey;
    }

    /**
     * The key the server accepts for {@code provider}.
     *
     * @param provider the provider
     * @return its key
     */
    public String apiKey(Provider provider) {
        return switch (provider) {
            case OPENAI -> openAiKey;
            case ANTHROPIC -> anthropicKey;
            case GEMINI -> geminiKey;
        };
    }

    /** {@return the port to bind; 0 picks a free one} */
    public int port() {
        return port;
    }

    /** {@return the seed every random choice is derived from} */
    public long seed() {
        return seed;
    }

    /** {@return how long the server waits before answering} */
    public LatencyProfile latency() {
        return latency;
    }

    /** {@return the requests and tokens each key may use per window} */
    public Quota quota() {
        return quota;
    }

    /** {@return the shares of requests that get a fault} */
    public FaultRates faults() {
        return faults;
    }

    /** {@return the answer quality per model name (exact match)} */
    public Map<String, ModelBehavior> modelBehaviors() {
        return modelBehaviors;
    }

    /** {@return the answer quality of models without an entry in {@link #modelBehaviors()}} */
    public ModelBehavior defaultBehavior() {
        return defaultBehavior;
    }

    /**
     * The behaviour configured for {@code model}, else {@link #defaultBehavior()}.
     *
     * @param model the model name, or {@code null}
     * @return its behaviour
     */
    public ModelBehavior behaviorOf(@Nullable String model) {
        return model == null ? defaultBehavior : modelBehaviors.getOrDefault(model, defaultBehavior);
    }

    /** {@return the share 0..1 of offline batch requests that expire} */
    public double batchExpiredShare() {
        return batchExpiredShare;
    }

    /** {@return the smallest Gemini {@code cachedContents} accepted, in tokens} */
    public int geminiMinCacheTokens() {
        return geminiMinCacheTokens;
    }

    /** {@return how many of the newest requests the log keeps} */
    public int requestLogLimit() {
        return requestLogLimit;
    }

    /** {@return the source of "now" for windows, cache expiry and timestamps} */
    public Clock clock() {
        return clock;
    }

    /** Never shows the keys. */
    @Override
    public String toString() {
        return "FakeServerConfig[port=" + port + ", seed=" + seed + ", latency=" + latency + ", quota=" + quota
                + ", faults=" + faults + ", modelBehaviors=" + modelBehaviors + ", defaultBehavior=" + defaultBehavior
                + ", batchExpiredShare=" + batchExpiredShare + ", geminiMinCacheTokens=" + geminiMinCacheTokens + ", requestLogLimit=" + requestLogLimit + "]";
    }

    /** Builds a {@link FakeServerConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private String openAiKey = DEFAULT_OPENAI_KEY;
        private String anthropicKey = DEFAULT_ANTHROPIC_KEY;
        private String geminiKey = DEFAULT_GEMINI_KEY;
        private int port;
        private long seed = DEFAULT_SEED;
        private LatencyProfile latency = LatencyProfile.none();
        private Quota quota = Quota.unlimited();
        private FaultRates faults = FaultRates.none();
        private final Map<String, ModelBehavior> modelBehaviors = new LinkedHashMap<>();
        private ModelBehavior defaultBehavior = ModelBehavior.perfect();
        private double batchExpiredShare;
        private int geminiMinCacheTokens = DEFAULT_GEMINI_MIN_CACHE_TOKENS;
        private int requestLogLimit = DEFAULT_REQUEST_LOG_LIMIT;
        private Clock clock = Clock.systemUTC();
        private final List<String> deferred = new ArrayList<>();

        private Builder() {}

        /**
         * The key to accept for OpenAI requests.
         *
         * @param key a non-blank key
         * @return this builder
         */
        public Builder openAiKey(String key) {
            this.openAiKey = key;
            return this;
        }

        /**
         * The key to accept for Anthropic requests.
         *
         * @param key a non-blank key
         * @return this builder
         */
        public Builder anthropicKey(String key) {
            this.anthropicKey = key;
            return this;
        }

        /**
         * The key to accept for Gemini requests.
         *
         * @param key a non-blank key
         * @return this builder
         */
        public Builder geminiKey(String key) {
            this.geminiKey = key;
            return this;
        }

        /**
         * The port to bind on 127.0.0.1.
         *
         * @param port 0 to 65535; 0 = a free port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The seed every random choice is derived from.
         *
         * @param seed any number
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * How long the server waits before answering.
         *
         * @param latency the profile
         * @return this builder
         */
        public Builder latency(LatencyProfile latency) {
            this.latency = latency;
            return this;
        }

        /**
         * The requests and tokens each key may use per window.
         *
         * @param quota the quota
         * @return this builder
         */
        public Builder quota(Quota quota) {
            this.quota = quota;
            return this;
        }

        /**
         * The shares of requests that get a fault.
         *
         * @param faults the shares
         * @return this builder
         */
        public Builder faults(FaultRates faults) {
            this.faults = faults;
            return this;
        }

        /**
         * Answer quality for one model name (exact match); replaces an earlier entry.
         *
         * @param model the model name
         * @param behavior its answer quality and context window
         * @return this builder
         */
        public Builder modelBehavior(String model, ModelBehavior behavior) {
            if (model == null || model.isBlank()) {
                deferred.add("modelBehavior.model must not be blank (was " + quote(model) + ")");
            } else if (behavior == null) {
                deferred.add("modelBehavior(" + model + ").behavior must not be null");
            } else {
                modelBehaviors.put(model, behavior);
            }
            return this;
        }

        /**
         * The answer quality of models without their own entry.
         *
         * @param behavior the behaviour
         * @return this builder
         */
        public Builder defaultBehavior(ModelBehavior behavior) {
            this.defaultBehavior = behavior;
            return this;
        }

        /**
         * Share 0..1 of offline batch requests that expire instead of running.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder batchExpiredShare(double share) {
            this.batchExpiredShare = share;
            return this;
        }

        /**
         * The smallest Gemini {@code cachedContents} accepted; smaller ones get Gemini's "too small" 400.
         *
         * @param tokens at least 0
         * @return this builder
         */
        public Builder geminiMinCacheTokens(int tokens) {
            this.geminiMinCacheTokens = tokens;
            return this;
        }

        /**
         * How many of the newest requests the log keeps.
         *
         * @param limit at least 1
         * @return this builder
         */
        public Builder requestLogLimit(int limit) {
            this.requestLogLimit = limit;
            return this;
        }

        /**
         * The source of "now" for windows, cache expiry and timestamps.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException naming every bad field and its value
         */
        public FakeServerConfig build() {
            List<String> bad = new ArrayList<>(deferred);
            requireKey(bad, "openAiKey", openAiKey);
            requireKey(bad, "anthropicKey", anthropicKey);
            requireKey(bad, "geminiKey", geminiKey);
            if (port < 0 || port > 65_535) {
                bad.add("port must be in [0, 65535], 0 = a free port (was " + port + ")");
            }
            requireNonNull(bad, "latency", latency);
            requireNonNull(bad, "quota", quota);
            requireNonNull(bad, "faults", faults);
            requireNonNull(bad, "defaultBehavior", defaultBehavior);
            requireNonNull(bad, "clock", clock);
            if (!(batchExpiredShare >= 0 && batchExpiredShare <= 1)) {
                bad.add("batchExpiredShare must be in [0, 1] (was " + batchExpiredShare + ")");
            }
            if (geminiMinCacheTokens < 0) {
                bad.add("geminiMinCacheTokens must be >= 0 (was " + geminiMinCacheTokens + ")");
            }
            if (requestLogLimit < 1) {
                bad.add("requestLogLimit must be >= 1 (was " + requestLogLimit + ")");
            }
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException("Invalid FakeServerConfig: " + String.join("; ", bad));
            }
            return new FakeServerConfig(this);
        }

        private static void requireKey(List<String> bad, String field, String key) {
            if (key == null || key.isBlank() || !key.chars().allMatch(c -> c > 32 && c < 127)) {
                bad.add(field + " must be non-blank printable ASCII without spaces (was "
                        + (key == null ? "null" : "a " + key.length() + "-char value") + ")");
            }
        }

        private static void requireNonNull(List<String> bad, String field, Object value) {
            if (value == null) {
                bad.add(field + " must not be null");
            }
        }

        private static String quote(String s) {
            return s == null ? "null" : "'" + s + "'";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeServerConfig c && c.toString().equals(toString()) && c.openAiKey.equals(openAiKey)
                && c.anthropicKey.equals(anthropicKey) && c.geminiKey.equals(geminiKey) && c.clock.equals(clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString(), openAiKey, anthropicKey, geminiKey);
    }
}
