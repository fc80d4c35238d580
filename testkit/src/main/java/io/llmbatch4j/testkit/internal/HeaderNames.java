package io.llmbatch4j.testkit.internal;

/** Header names the fake reads and writes, in lower case as they go on the wire. */
public final class HeaderNames {

    public static final String CONTENT_TYPE = "content-type";
    public static final String AUTHORIZATION = "authorization";
    public static final String RETRY_AFTER = "retry-after";
    public static final String RETRY_AFTER_MS = "retry-after-ms";
    public static final String X_SHOULD_RETRY = "x-should-retry";

    public static final String OPENAI_REQUEST_ID = "x-request-id";
    public static final String OPENAI_PROCESSING_MS = "openai-processing-ms";
    public static final String OPENAI_VERSION = "openai-version";
    public static final String OPENAI_LIMIT_REQUESTS = "x-ratelimit-limit-requests";
    public static final String OPENAI_REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    public static final String OPENAI_RESET_REQUESTS = "x-ratelimit-reset-requests";
    public static final String OPENAI_LIMIT_TOKENS = "x-ratelimit-limit-tokens";
    public static final String OPENAI_REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
    public static final String OPENAI_RESET_TOKENS = "x-ratelimit-reset-tokens";

    public static final String ANTHROPIC_API_KEY = "x-api-key";
    public static final String ANTHROPIC_VERSION = "anthropic-version";
    public static final String ANTHROPIC_REQUEST_ID = "request-id";
    public static final String ANTHROPIC_ORGANIZATION_ID = "anthropic-organization-id";
    /** Followed by {@code requests-}, {@code tokens-}, {@code input-tokens-}, {@code output-tokens-} and limit/remaining/reset. */
    public static final String ANTHROPIC_RATELIMIT_PREFIX = "anthropic-ratelimit-";

    public static final String GOOGLE_API_KEY = "x-goog-api-key";

    private HeaderNames() {}
}
