package io.llmbatch4j.providers;

import io.llmbatch4j.core.ConfigChecks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where and how one chat client talks to its provider: base URL, API key, per-request timeout,
 * extra headers and the model catalog. Start from a preset ({@link #openAi()}, {@link #anthropic()},
 * {@link #gemini()}) and change what differs; for OpenAI-compatible servers (Groq, kluster.ai,
 * vLLM, the testkit) set {@link Builder#baseUrl}.
 *
 * <p>A base URL is accepted as the provider docs print it: the server root
 * ({@code https://api.openai.com}) or with the API version the client appends itself
 * ({@code https://api.groq.com/openai/v1}, {@code https://api.kluster.ai/v1},
 * {@code http://localhost:8000/v1} for vLLM; {@code /v1beta} for Gemini). The version and any
 * trailing slash are dropped once, so {@code POST /v1/chat/completions} is never doubled. Other
 * path prefixes (Groq's {@code /openai}) are kept.
 *
 * <p>The API key is taken from {@link Builder#apiKey} or else from the environment variable
 * {@link Builder#apiKeyEnv} names (the preset's is {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY},
 * {@code GEMINI_API_KEY}). It appears in no {@code toString()}, log line or exception message.
 */
public final class ProviderConfig {

    /** Time one HTTP exchange may take, from sending the request to the last byte of the answer. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final String provider;
    private final String apiVersion;
    private final String baseUrl;
    private final String apiKey;
    private final Duration requestTimeout;
    private final Map<String, String> extraHeaders;
    private final ModelCatalog catalog;
    private final Clock clock;

    private ProviderConfig(Builder b, String baseUrl, String apiKey) {
        this.provider = b.provider;
        this.apiVersion = b.apiVersion;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.requestTimeout = b.requestTimeout;
        this.extraHeaders = Map.copyOf(b.extraHeaders);
        this.catalog = b.catalog;
        this.clock = b.clock;
    }

    /**
     * OpenAI: {@code https://api.openai.com}, key from {@code OPENAI_API_KEY}.
     *
     * @return a builder with OpenAI's preset
     */
    public static Builder openAi() {
        return new Builder("openai", "/v1", "https://api.openai.com", "OPENAI_API_KEY");
    }

    /**
     * Anthropic: {@code https://api.anthropic.com}, key from {@code ANTHROPIC_API_KEY}.
     *
     * @return a builder with Anthropic's preset
     */
    public static Builder anthropic() {
        return new Builder("anthropic", "/v1", "https://api.anthropic.com", "ANTHROPIC_API_KEY");
    }

    /**
     * Gemini Developer API: {@code https://generativelanguage.googleapis.com}, key from {@code GEMINI_API_KEY}.
     *
     * @return a builder with Gemini's preset
     */
    public static Builder gemini() {
        return new Builder("gemini", "/v1beta", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY");
    }

    /** {@return the catalog section this client's models are looked up in} */
    public String provider() {
        return provider;
    }

    /**
     * {@return scheme, host, port and any path prefix (Groq's {@code /openai}), without the API
     * version and without a trailing slash} The client appends paths such as
     * {@code /v1/chat/completions}.
     */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@return the API key; handle with care, never log it} */
    public String apiKey() {
        return apiKey;
    }

    /**
     * {@return the time one HTTP exchange may take, from sending the request to the last byte of the answer}
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * {@return the headers sent with every request (e.g. {@code OpenAI-Organization}, {@code anthropic-beta})}
     */
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    /** {@return the catalog requests are adapted and priced with} */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** {@return the clock that turns absolute reset times (Anthropic) into durations} */
    public Clock clock() {
        return clock;
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder(provider, apiVersion, baseUrl, null);
        b.apiKey = apiKey;
        b.requestTimeout = requestTimeout;
        b.extraHeaders.putAll(extraHeaders);
        b.catalog = catalog;
        b.clock = clock;
        return b;
    }

    /** Never shows the key or header values (they may hold secrets too). */
    @Override
    public String toString() {
        return "ProviderConfig[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey=***, requestTimeout="
                + requestTimeout + ", extraHeaders=" + extraHeaders.keySet() + "]";
    }

    /** Builds a {@link ProviderConfig}; {@link #build()} names every bad field at once. */
    public static final class Builder {
        private final String provider;
        private final String apiVersion;
        private String baseUrl;
        private @Nullable String apiKey;
        private @Nullable String apiKeyEnv;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private ModelCatalog catalog = ModelCatalog.defaults();
        private Clock clock = Clock.systemUTC();
        private Function<String, @Nullable String> environment = System::getenv;

        private Builder(String provider, String apiVersion, String baseUrl, @Nullable String apiKeyEnv) {
            this.provider = provider;
            this.apiVersion = apiVersion;
            this.baseUrl = baseUrl;
            this.apiKeyEnv = apiKeyEnv;
        }

        /**
         * The server to call: its root ({@code http://localhost:8000}) or, as provider docs print
         * it, with the API version ({@code https://api.groq.com/openai/v1}); see the class comment.
         *
         * @param baseUrl an absolute http or https URL
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * The key itself; wins over {@link #apiKeyEnv}.
         *
         * @param apiKey the key, or {@code null} to read it from {@link #apiKeyEnv}
         * @return this builder
         */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * The environment variable to read the key from when none is set directly.
         *
         * @param variable the variable's name, or {@code null} for none
         * @return this builder
         */
        public Builder apiKeyEnv(@Nullable String variable) {
            this.apiKeyEnv = variable;
            return this;
        }

        /**
         * Where to send requests and with which key, in one call: {@link #baseUrl} and then
         * {@link #apiKey}. The testkit's fake server hands over its own:
         * {@code fake.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint)}.
         *
         * @param baseUrl the server, as for {@link #baseUrl}
         * @param apiKey the key itself, as for {@link #apiKey}
         * @return this builder
         */
        public Builder endpoint(String baseUrl, @Nullable String apiKey) {
            return baseUrl(baseUrl).apiKey(apiKey);
        }

        /**
         * The time one HTTP exchange may take (default 5 minutes); the engine's per-attempt timeout is usually
         * shorter.
         *
         * @param requestTimeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * A header sent with every request; its value never appears in {@code toString()}.
         *
         * @param name the header's name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            extraHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The catalog requests are adapted and priced with (default {@link ModelCatalog#defaults()}).
         *
         * @param catalog the catalog
         * @return this builder
         */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * The clock that turns absolute reset times into durations (default the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where environment variables are read from (tests); defaults to {@link System#getenv(String)}.
         *
         * @param environment the lookup of a variable by name
         * @return this builder
         */
        public Builder environment(Function<String, @Nullable String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * @return the config
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field, never showing the key
         */
        public ProviderConfig build() {
            String key = apiKey;
            if ((key == null || key.isBlank()) && apiKeyEnv != null) {
                key = environment.apply(apiKeyEnv);
            }
            String url = serverRoot(baseUrl, apiVersion);
            ConfigChecks p = new ConfigChecks("ProviderConfig(" + provider + ")");
            p.check(validUrl(url), "baseUrl", "must be an absolute http or https URL", url);
            p.check(key != null && !key.isBlank(), "apiKey",
                    "is missing: set it or the environment variable " + apiKeyEnv, "unset");
            p.check(key == null || key.chars().noneMatch(c -> c < 0x21 || c > 0x7e), "apiKey",
                    "must be printable ASCII without spaces", "a key of " + (key == null ? 0 : key.length())
                            + " characters");
            p.check(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(),
                    "requestTimeout", "must be positive", requestTimeout);
            p.throwIfAny();
            return new ProviderConfig(this, url, key);
        }

        /** {@code url} without trailing slashes and, once, without a trailing {@code apiVersion}. */
        static @Nullable String serverRoot(@Nullable String url, String apiVersion) {
            if (url == null) {
                return null;
            }
            String root = url.trim().replaceAll("/+$", "");
            try {
                String path = URI.create(root).getPath();
                if (path != null && path.toLowerCase(Locale.ROOT).endsWith(apiVersion)) {
                    return root.substring(0, root.length() - apiVersion.length()).replaceAll("/+$", "");
                }
            } catch (IllegalArgumentException e) {
                // not a URL: validUrl names it
            }
            return root;
        }

        private static boolean validUrl(@Nullable String url) {
            if (url == null) {
                return false;
            }
            try {
                URI uri = URI.create(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
