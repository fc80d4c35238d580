package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.Provider;

/**
 * The response for an injected fault (except {@link Fault#MALFORMED_JSON}, which the endpoint makes by
 * cutting its own answer short), in the provider's own error shape. 502s have an HTML body, as a
 * gateway in front of the API sends.
 */
public final class FaultReplies {

    private static final String BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

    private FaultReplies() {}

    /** A burst-limit 429 with a one-second delay (OpenAI also says 50 ms in {@code retry-after-ms}). */
    static Reply rateLimited(Provider provider) {
        return switch (provider) {
            case OPENAI -> OpenAiEndpoint.error(429, "Rate limit reached for requests. Please try again in 50ms.",
                    "requests", null, "rate_limit_exceeded").header("retry-after", 1).header("retry-after-ms", 50)
                    .header("x-should-retry", true);
            case ANTHROPIC -> AnthropicEndpoint.error(429, "rate_limit_error",
                    "This request would exceed the rate limit for your organization. Please try again later.")
                    .header("retry-after", 1);
            case GEMINI -> GeminiEndpoint.rateLimitedBurst();
        };
    }

    public static Reply of(Provider provider, Fault fault) {
        switch (fault) {
            case CONNECTION_RESET:
                return Reply.reset();
            case HANG:
                return Reply.hang();
            case HTTP_502:
                return Reply.html(502, BAD_GATEWAY_HTML);
            case RATE_LIMITED:
                return rateLimited(provider);
            default:
                break;
        }
        boolean is500 = fault == Fault.HTTP_500;
        return switch (provider) {
            case OPENAI -> is500
                    ? OpenAiEndpoint.error(500, "The server had an error while processing your request. Sorry about that!",
                            "server_error", null, null)
                    : OpenAiEndpoint.error(503, "The engine is currently overloaded, please try again later.",
                            "server_error", null, null);
            case ANTHROPIC -> is500 ? AnthropicEndpoint.error(500, "api_error", "Internal server error")
                    : fault == Fault.OVERLOADED ? AnthropicEndpoint.error(529, "overloaded_error", "Overloaded")
                    : AnthropicEndpoint.error(503, "api_error", "Service unavailable");
            case GEMINI -> is500
                    ? GeminiEndpoint.error(500, "An internal error has occurred. Please retry or report in "
                            + "https://developers.generativeai.google/guide/troubleshooting", "INTERNAL")
                    : GeminiEndpoint.error(503, "The model is overloaded. Please try again later.", "UNAVAILABLE");
        };
    }
}
