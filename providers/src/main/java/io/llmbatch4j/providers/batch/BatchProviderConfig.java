package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.ConfigChecks;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one batch provider chunks, names and reaches its batches. Start from a preset (the real
 * limits of providers.md §2.7, §2.8, §4.4, §5.4) and change what differs.
 *
 * <p>{@code maxRequests} and {@code maxBytes} bound every chunk the provider writes: a chunk holds
 * at most {@code maxRequests} requests and its upload body at most {@code maxBytes} bytes. The
 * seed's 50/100/250 are local choices, not limits; set smaller values here if you want smaller batches.
 */
public final class BatchProviderConfig {

    /** OpenAI: 50,000 requests per batch. */
    public static final int OPENAI_MAX_REQUESTS = 50_000;
    /** OpenAI: 200 MB per batch input file. */
    public static final long OPENAI_MAX_BYTES = 200_000_000L;
    /** Anthropic: 100,000 requests per batch. */
    public static final int ANTHROPIC_MAX_REQUESTS = 100_000;
    /** Anthropic: 256 MB per create request. */
    public static final long ANTHROPIC_MAX_BYTES = 256_000_000L;
    /** Gemini inline batches: the whole create request under 20 MB; no separate count limit. */
    public static final long GEMINI_INLINE_MAX_BYTES = 20_000_000L;
    /** Gemini inline batches: no count limit of their own. */
    public static final int GEMINI_MAX_REQUESTS = Integer.MAX_VALUE;
    /** Groq: 100 MB per file (groq-python 2026-08); 50,000 lines as the seed says (unverified). */
    public static final long GROQ_MAX_BYTES = 100_000_000L;
    /** Groq: 50,000 requests per batch (unverified). */
    public static final int GROQ_MAX_REQUESTS = 50_000;
    /** kluster.ai: 100 MB per file (docs 2025-06); 50,000 requests (docs 2025-01). */
    public static final long KLUSTER_MAX_BYTES = 100_000_000L;
    /** kluster.ai: 50,000 requests per batch. */
    public static final int KLUSTER_MAX_REQUESTS = 50_000;
    /** The OpenAI-family completion window unless set: 24 hours. */
    public static final String DEFAULT_COMPLETION_WINDOW = "24h";

    private static final Pattern WINDOW = Pattern.compile("[1-9][0-9]*[hd]");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    private final String name;
    private final String statusSection;
    private final String apiPrefix;
    private final String completionWindow;
    private final int maxRequests;
    private final long maxBytes;
    private final Path tempDirectory;
    private final BatchStatusMapping statusMapping;

    private BatchProviderConfig(Builder b) {
        this.name = b.name;
        this.statusSection = b.statusSection;
        this.apiPrefix = b.apiPrefix;
        this.completionWindow = b.completionWindow;
        this.maxRequests = b.maxRequests;
        this.maxBytes = b.maxBytes;
        this.tempDirectory = b.tempDirectory;
        this.statusMapping = b.statusMapping;
    }

    /**
     * OpenAI: {@code /v1}, window 24h, 50,000 requests, 200 MB.
     *
     * @return a builder with OpenAI's preset
     */
    public static Builder openAi() {
        return new Builder("openai", "openai", "/v1", OPENAI_MAX_REQUESTS, OPENAI_MAX_BYTES);
    }

    /**
     * Groq (OpenAI-compatible, base URL {@code https://api.groq.com}): {@code /openai/v1}, window 24h–7d.
     *
     * @return a builder with Groq's preset
     */
    public static Builder groq() {
        return new Builder("groq", "openai", "/openai/v1", GROQ_MAX_REQUESTS, GROQ_MAX_BYTES);
    }

    /**
     * kluster.ai (OpenAI-compatible, base URL {@code https://api.kluster.ai}): {@code /v1}.
     *
     * @return a builder with kluster.ai's preset
     */
    public static Builder klusterAi() {
        return new Builder("kluster", "openai", "/v1", KLUSTER_MAX_REQUESTS, KLUSTER_MAX_BYTES);
    }

    /**
     * Anthropic Message Batches: 100,000 requests, 256 MB.
     *
     * @return a builder with Anthropic's preset
     */
    public static Builder anthropic() {
        return new Builder("anthropic", "anthropic", "/v1", ANTHROPIC_MAX_REQUESTS, ANTHROPIC_MAX_BYTES);
    }

    /**
     * Gemini batch mode with inline requests: 20 MB per create request.
     *
     * @return a builder with Gemini's preset
     */
    public static Builder gemini() {
        return new Builder("gemini", "gemini", "/v1beta", GEMINI_MAX_REQUESTS, GEMINI_INLINE_MAX_BYTES);
    }

    /** {@return the name the registry and the journal know this provider by} */
    public String name() {
        return name;
    }

    /** {@return the section of the {@link BatchStatusMapping} this provider's status words are looked up in} */
    public String statusSection() {
        return statusSection;
    }

    /** {@return the path prefix before {@code /files}, {@code /batches} (OpenAI family only)} */
    public String apiPrefix() {
        return apiPrefix;
    }

    /** {@return the OpenAI-family {@code completion_window}, e.g. {@code 24h}} */
    public String completionWindow() {
        return completionWindow;
    }

    /** {@return the most requests in one chunk} */
    public int maxRequests() {
        return maxRequests;
    }

    /** {@return the most bytes of one chunk's upload body} */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * {@return where payload and result files are written while a batch is prepared or read; they never outlive
     * it}
     */
    public Path tempDirectory() {
        return tempDirectory;
    }

    /** {@return the mapping of the provider's status words} */
    public BatchStatusMapping statusMapping() {
        return statusMapping;
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder(name, statusSection, apiPrefix, maxRequests, maxBytes);
        b.completionWindow = completionWindow;
        b.tempDirectory = tempDirectory;
        b.statusMapping = statusMapping;
        return b;
    }

    @Override
    public String toString() {
        return "BatchProviderConfig[" + name + ", prefix=" + apiPrefix + ", window=" + completionWindow
                + ", maxRequests=" + maxRequests + ", maxBytes=" + maxBytes + "]";
    }

    /** Builds a {@link BatchProviderConfig}; {@link #build()} names every bad field and its value. */
    public static final class Builder {
        private String name;
        private String statusSection;
        private String apiPrefix;
        private String completionWindow = DEFAULT_COMPLETION_WINDOW;
        private int maxRequests;
        private long maxBytes;
        private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private BatchStatusMapping statusMapping = BatchStatusMapping.defaults();

        private Builder(String name, String statusSection, String apiPrefix, int maxRequests, long maxBytes) {
            this.name = name;
            this.statusSection = statusSection;
            this.apiPrefix = apiPrefix;
            this.maxRequests = maxRequests;
            this.maxBytes = maxBytes;
        }

        /**
         * The name the registry and the journal know this provider by.
         *
         * @param name lower-case letters, digits, {@code _} and {@code -}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The section of the {@link BatchStatusMapping} this provider's status words are looked up in.
         *
         * @param statusSection not blank
         * @return this builder
         */
        public Builder statusSection(String statusSection) {
            this.statusSection = statusSection;
            return this;
        }

        /**
         * The path prefix before {@code /files}, {@code /batches}.
         *
         * @param apiPrefix e.g. {@code /v1} or {@code /openai/v1}
         * @return this builder
         */
        public Builder apiPrefix(String apiPrefix) {
            this.apiPrefix = apiPrefix;
            return this;
        }

        /**
         * The OpenAI-family {@code completion_window}.
         *
         * @param completionWindow hours or days, e.g. {@code 24h}, {@code 7d}
         * @return this builder
         */
        public Builder completionWindow(String completionWindow) {
            this.completionWindow = completionWindow;
            return this;
        }

        /**
         * The most requests in one chunk.
         *
         * @param maxRequests at least 1
         * @return this builder
         */
        public Builder maxRequests(int maxRequests) {
            this.maxRequests = maxRequests;
            return this;
        }

        /**
         * The most bytes of one chunk's upload body.
         *
         * @param maxBytes at least 1
         * @return this builder
         */
        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Where payload and result files are written (default the system's temporary directory).
         *
         * @param tempDirectory the directory
         * @return this builder
         */
        public Builder tempDirectory(Path tempDirectory) {
            this.tempDirectory = tempDirectory;
            return this;
        }

        /**
         * The mapping of the provider's status words (default {@link BatchStatusMapping#defaults()}).
         *
         * @param statusMapping the mapping
         * @return this builder
         */
        public Builder statusMapping(BatchStatusMapping statusMapping) {
            this.statusMapping = Objects.requireNonNull(statusMapping, "statusMapping");
            return this;
        }

        /**
         * @return the config
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field and its value
         */
        public BatchProviderConfig build() {
            ConfigChecks p = new ConfigChecks("BatchProviderConfig(" + name + ")");
            p.check(name != null && name.matches("[a-z0-9][a-z0-9_-]*"), "name",
                    "must be lower-case letters, digits, '-' or '_'", name);
            p.check(statusSection != null && !statusSection.isBlank(), "statusSection", "must not be blank",
                    statusSection);
            p.check(apiPrefix != null && PREFIX.matcher(apiPrefix).matches(), "apiPrefix",
                    "must be a path like /v1 without a trailing slash", apiPrefix);
            p.check(completionWindow != null && WINDOW.matcher(completionWindow).matches(), "completionWindow",
                    "must be a whole number of hours or days like 24h or 7d", completionWindow);
            p.check(maxRequests >= 1, "maxRequests", "must be >= 1", maxRequests);
            p.check(maxBytes >= 64, "maxBytes", "must be >= 64", maxBytes);
            p.check(tempDirectory != null, "tempDirectory", "must be set", tempDirectory);
            p.throwIfAny();
            return new BatchProviderConfig(this);
        }
    }
}
