package io.llmbatch4j.strategies;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Answers many prompts against one large shared context (a RAG document, long instructions),
 * paying for the context in full once per run and at the cached-input price afterwards.
 *
 * <p>How the context is shared depends on the client:
 * <ul>
 *   <li><b>Gemini</b> ({@link GeminiChatClient}): {@link #prepare()} creates an explicit
 *       {@code cachedContents} entry holding the instructions (as system instruction) and the
 *       context, alive for {@code ttl}; every call references it by name and sends only the item's
 *       prompt. {@link #cleanup()} deletes it; the processor runs cleanup when the run completes,
 *       fails or is cancelled, and the TTL removes it should the process die. Choose a TTL longer
 *       than the run: an expired cache fails the remaining calls as permanent errors. A context
 *       below the provider's minimum cache size ("Cached content is too small") is sent inline with
 *       every call instead, unless {@code inlineWhenTooSmall(false)}, which fails the run's items.</li>
 *   <li><b>Anthropic</b>: the instructions and the context go in one system block marked with
 *       {@code cache_control}; the first calls write the cache, later ones read it.</li>
 *   <li><b>OpenAI and compatible servers</b>: the same system message, byte for byte, leads every
 *       request, so the provider's automatic prefix caching serves it.</li>
 * </ul>
 * The item's prompt is always the last user message, after the shared part. Cached input tokens
 * appear in {@link io.llmbatch4j.core.TokenUsage#cachedInputTokens()} of each response (and so in
 * the item's and the run's usage).
 *
 * <p>The cache name is per run (set by {@code prepare}, cleared by {@code cleanup}); nothing is
 * kept per item, so one instance serves all items of a run. Use one instance per concurrent run.
 */
public final class CachedContextStrategy implements LLMCallStrategy<String> {

    /** Default lifetime of a Gemini cache. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(CachedContextStrategy.class);

    /** How the context is shared. */
    public enum Mode {
        /** A Gemini {@code cachedContents} entry made in {@code prepare()}. */
        GEMINI_CACHE,
        /** An Anthropic system block with {@code cache_control}. */
        ANTHROPIC_CACHE_CONTROL,
        /** A stable system-message prefix (OpenAI automatic caching). */
        STABLE_PREFIX
    }

    private final ChatClient client;
    private final String model;
    private final String sharedText;
    private final @Nullable String instructions;
    private final String context;
    private final Duration ttl;
    private final @Nullable Integer maxOutputTokens;
    private final @Nullable Double temperature;
    private final boolean inlineWhenTooSmall;
    private final Mode mode;
    private final AtomicReference<@Nullable String> cacheName = new AtomicReference<>();
    private volatile boolean inline;

    private CachedContextStrategy(Builder b) {
        this.client = b.client;
        this.model = b.model;
        this.instructions = b.instructions;
        this.context = b.context;
        this.sharedText = b.instructions == null ? b.context : b.instructions + "\n\n" + b.context;
        this.ttl = b.ttl;
        this.maxOutputTokens = b.maxOutputTokens;
        this.temperature = b.temperature;
        this.inlineWhenTooSmall = b.inlineWhenTooSmall;
        this.mode = client instanceof GeminiChatClient ? Mode.GEMINI_CACHE
                : "anthropic".equals(client.provider()) ? Mode.ANTHROPIC_CACHE_CONTROL : Mode.STABLE_PREFIX;
    }

    /**
     * A builder answering prompts against {@code context} with {@code model} via {@code client}.
     *
     * @param client the client to call; its provider decides the {@link Mode}
     * @param model the model to ask
     * @param context the shared text every prompt is answered against
     * @return a builder
     */
    public static Builder builder(ChatClient client, String model, String context) {
        return new Builder(client, model, context);
    }

    /** {@return how this strategy shares the context with its client} */
    public Mode mode() {
        return mode;
    }

    /** {@return the Gemini cache in use during a run ({@code cachedContents/...}), else {@code null}} */
    public @Nullable String cacheName() {
        return cacheName.get();
    }

    @Override
    public Mono<Void> prepare() {
        if (mode != Mode.GEMINI_CACHE) {
            return Mono.empty();
        }
        GeminiChatClient gemini = (GeminiChatClient) client;
        return Mono.defer(() -> {
            inline = false;
            return gemini.createCache(model, instructions, List.of(ChatMessage.user(context)), ttl, "llmbatch4j")
                    .doOnNext(cache -> {
                        cacheName.set(cache.name());
                        LOG.debug("created {} ({} tokens, expires {})", cache.name(), cache.totalTokens(),
                                cache.expireTime());
                    })
                    .then()
                    .onErrorResume(e -> inlineWhenTooSmall && tooSmall(e), e -> {
                        LOG.info("context below Gemini's minimum cache size; sending it inline instead ({})",
                                e.getMessage());
                        inline = true;
                        return Mono.empty();
                    });
        });
    }

    private static boolean tooSmall(Throwable e) {
        return e instanceof PermanentProviderException
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("too small");
    }

    /**
     * The request this strategy sends for {@code prompt} (depends on the mode and, for Gemini, on the cache).
     *
     * @param prompt the item's prompt
     * @return the request
     */
    public ChatRequest request(String prompt) {
        ChatRequest.Builder b = ChatRequest.builder(model).temperature(temperature).maxOutputTokens(maxOutputTokens);
        String cache = cacheName.get();
        switch (mode) {
            case GEMINI_CACHE -> {
                if (cache != null) {
                    b.cachedContent(cache);
                } else if (inline) {
                    b.system(sharedText);
                } else {
                    throw new IllegalStateException("CachedContextStrategy used outside a run: prepare() made no cache");
                }
            }
            case ANTHROPIC_CACHE_CONTROL -> b.message(ChatMessage.system(sharedText).cached());
            case STABLE_PREFIX -> b.system(sharedText);
        }
        return b.user(prompt).build();
    }

    @Override
    public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> client.chat(request(prompt))).map(r -> r.toLLMResponse());
    }

    /** Deletes the Gemini cache, if one was made; a failed delete is logged (the TTL ends it anyway). */
    @Override
    public Mono<Void> cleanup() {
        return Mono.defer(() -> {
            String name = cacheName.getAndSet(null);
            if (name == null) {
                return Mono.empty();
            }
            return ((GeminiChatClient) client).deleteCache(name)
                    .doOnSuccess(v -> LOG.debug("deleted {}", name))
                    .onErrorResume(e -> {
                        LOG.warn("could not delete {} (it expires by its TTL): {}", name, e.toString());
                        return Mono.empty();
                    });
        });
    }

    /** The client's provider and this strategy's model, for metrics and cost of every attempt. */
    @Override
    public CallTarget describe(Attempt attempt) {
        return client.target(model);
    }

    @Override
    public String toString() {
        return "CachedContextStrategy[" + client.provider() + "/" + model + ", " + mode + ", context chars="
                + context.length() + "]";
    }

    /** Builds a {@link CachedContextStrategy}; {@link #build()} names every bad field at once. */
    public static final class Builder {
        private final ChatClient client;
        private final String model;
        private final String context;
        private @Nullable String instructions;
        private Duration ttl = DEFAULT_TTL;
        private @Nullable Integer maxOutputTokens;
        private @Nullable Double temperature;
        private boolean inlineWhenTooSmall = true;

        private Builder(ChatClient client, String model, String context) {
            this.client = Objects.requireNonNull(client, "client");
            this.model = model;
            this.context = context;
        }

        /**
         * Instructions placed before the context (cached with it).
         *
         * @param instructions the instructions, or {@code null} for none
         * @return this builder
         */
        public Builder instructions(@Nullable String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * Lifetime of the Gemini cache (default 1 h); longer than the run.
         *
         * @param ttl positive
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Cap on generated tokens, as {@link io.llmbatch4j.providers.ChatRequest#maxOutputTokens()}.
         *
         * @param maxOutputTokens the cap, or {@code null} for the catalog's default
         * @return this builder
         */
        public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /**
         * Sampling temperature, as {@link io.llmbatch4j.providers.ChatRequest#temperature()}.
         *
         * @param temperature the temperature, or {@code null} for the provider's default
         * @return this builder
         */
        public Builder temperature(@Nullable Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Send the context inline when Gemini refuses to cache it as too small (default true).
         *
         * @param inlineWhenTooSmall whether to fall back to sending the context inline
         * @return this builder
         */
        public Builder inlineWhenTooSmall(boolean inlineWhenTooSmall) {
            this.inlineWhenTooSmall = inlineWhenTooSmall;
            return this;
        }

        /**
         * @return the strategy
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field
         */
        public CachedContextStrategy build() {
            new ConfigChecks("CachedContextStrategy")
                    .check(model != null && !model.isBlank(), "model", "must not be blank", model)
                    .check(context != null && !context.isBlank(), "context", "must not be blank",
                            context == null ? null : context.length() + " chars")
                    .check(ttl != null && !ttl.isNegative() && ttl.toSeconds() >= 1, "ttl", "must be at least 1s", ttl)
                    .check(maxOutputTokens == null || maxOutputTokens >= 1, "maxOutputTokens", "must be >= 1",
                            maxOutputTokens)
                    .check(temperature == null || (temperature >= 0 && temperature <= 2), "temperature",
                            "must be between 0 and 2", temperature)
                    .throwIfAny();
            return new CachedContextStrategy(this);
        }
    }
}
