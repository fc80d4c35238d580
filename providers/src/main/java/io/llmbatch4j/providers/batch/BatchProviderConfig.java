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

    public static final int OPENAI_MAX_REQUESTS = 50_000;
    /** OpenAI: 200 MB per batch input file. */
    public static final long OPENAI_MAX_BYTES = 200_000_000L;
    public static final int ANTHROPIC_MAX_REQUESTS = 100_000;
    /** Anthropic: 256 MB per create request. */
    public static final long ANTHROPIC_MAX_BYTES = 256_000_000L;
    /** Gemini inline batches: the whole create request under 20 MB; no separate count limit. */
    public static final long GEMINI_INLINE_MAX_BYTES = 20_000_000L;
    public static final int GEMINI_MAX_REQUESTS = Integer.MAX_VALUE;
    /** Groq: 100 MB per file (groq-python 2026-08); 50,000 lines as the seed says (unverified). */
    public static final long GROQ_MAX_BYTES = 100_000_000L;
    public static final int GROQ_MAX_REQUESTS = 50_000;
    /** kluster.ai: 100 MB per file (docs 2025-06); 50,000 requests (docs 2025-01). */
    public static final long KLUSTER_MAX_BYTES = 100_000_000L;
    public static final int KLUSTER_MAX_REQUESTS = 50_000;
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

    /** OpenAI: {@code /v1}, window 24h, 50,000 requests, 200 MB. */
    public static Builder openAi() {
        return new Builder("openai", "openai", "/v1", OPENAI_MAX_REQUESTS, OPENAI_MAX_BYTES);
    }

    /** Groq (OpenAI-compatible, base URL {@code https://api.groq.com}): {@code /openai/v1}, window 24h–7d. */
    public static Builder groq() {
        return new Builder("groq", "openai", "/openai/v1", GROQ_MAX_REQUESTS, GROQ_MAX_BYTES);
    }

    /** kluster.ai (OpenAI-compatible, base URL {@code https://api.kluster.ai}): {@code /v1}. */
    public static Builder klusterAi() {
        return new Builder("kluster", "openai", "/v1", KLUSTER_MAX_REQUESTS, KLUSTER_MAX_BYTES);
    }

    /** Anthropic Message Batches: 100,000 requests, 256 MB. */
    public static Builder anthropic() {
        return new Builder("anthropic", "anthropic", "/v1", ANTHROPIC_MAX_REQUESTS, ANTHROPIC_MAX_BYTES);
    }

    /** Gemini batch mode with inline requests: 20 MB per create request. */
    public static Builder gemini() {
        return new Builder("gemini", "gemini", "/v1beta", GEMINI_MAX_REQUESTS, GEMINI_INLINE_MAX_BYTES);
    }

    /** The name the registry and the journal know this provider by. */
    public String name() {
        return name;
    }

    /** The section of the {@link BatchStatusMapping} this provider's status words are looked up in. */
    public String statusSection() {
        return statusSection;
    }

    /** The path prefix before {@code /files}, {@code /batches} (OpenAI family only). */
    public String apiPrefix() {
        return apiPrefix;
    }

    /** The OpenAI-family {@code completion_window}, e.g. {@code 24h}. */
    public String completionWindow() {
        return completionWindow;
    }

    public int maxRequests() {
        return maxRequests;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Where payload and result files are written while a batch is prepared or read; they never outlive it. */
    public Path tempDirectory() {
        return tempDirectory;
    }

    public BatchStatusMapping statusMapping() {
        return statusMapping;
    }

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

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder statusSection(String statusSection) {
            this.statusSection = statusSection;
            return this;
        }

        public Builder apiPrefix(String apiPrefix) {
            this.apiPrefix = apiPrefix;
            return this;
        }

        public Builder completionWindow(String completionWindow) {
            this.completionWindow = completionWindow;
            return this;
        }

        public Builder maxRequests(int maxRequests) {
            this.maxRequests = maxRequests;
            return this;
        }

        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder tempDirectory(Path tempDirectory) {
            this.tempDirectory = tempDirectory;
            return this;
        }

        public Builder statusMapping(BatchStatusMapping statusMapping) {
            this.statusMapping = Objects.requireNonNull(statusMapping, "statusMapping");
            return this;
        }

        /** @throws io.llmbatch4j.core.InvalidConfigException naming every bad field and its value */
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
