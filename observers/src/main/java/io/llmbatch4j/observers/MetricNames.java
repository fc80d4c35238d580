package io.llmbatch4j.observers;

/**
 * Every meter, tag, observation and span-attribute name of this module ({@link MicrometerObserver},
 * {@link GenAiTracing}), in one place. The {@code gen_ai.*}
 * names follow the OpenTelemetry generative-AI client conventions; the engine's own meters live
 * under {@code llmbatch.}. No meter is ever tagged with an item id or a prompt.
 */
public final class MetricNames {

    private MetricNames() {}

    // ---- OpenTelemetry gen_ai client conventions ----
    /** Timer, seconds: one sample per call, failed ones included (with {@link #ERROR_TYPE}). */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** Distribution summary, tokens: one sample per call per {@link #TOKEN_TYPE}. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

    /** Tag: the operation ({@code chat}, {@code generate_content}). */
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    /** Tag: the provider ({@code openai}, {@code anthropic}, {@code gcp.gemini}, ...). */
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    /** Tag: the model the call asked for. */
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    /** Tag: the model that answered, as the provider named it. */
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    /** Tag of {@link #TOKEN_USAGE}: {@link #TOKEN_TYPE_INPUT} or {@link #TOKEN_TYPE_OUTPUT}. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    /** Tag: the simple class name of a failed call's exception ({@code ErrorInfo.errorType()}), else {@link #NONE}. */
    public static final String ERROR_TYPE = "error.type";

    /** {@link #TOKEN_TYPE} value: prompt tokens, cached ones included. */
    public static final String TOKEN_TYPE_INPUT = "input";
    /** {@link #TOKEN_TYPE} value: generated tokens. */
    public static final String TOKEN_TYPE_OUTPUT = "output";
    /** The operation when the strategy does not describe its calls. */
    public static final String DEFAULT_OPERATION = "chat";
    /** A tag value that is not known (no provider or model reported). */
    public static final String UNKNOWN = "unknown";
    /** The value of a tag that does not apply (e.g. {@link #ERROR_TYPE} of a success); keeps tag keys stable. */
    public static final String NONE = "none";

    // ---- the engine's own meters ----
    /** Counter: items ended, tagged {@link #OUTCOME} and {@link #ERROR_KIND}. */
    public static final String ITEMS = "llmbatch.items";
    /** Counter: retries, tagged {@link #ERROR_KIND} of the failure retried. */
    public static final String RETRIES = "llmbatch.retries";
    /** Counter: calls answered with a rate limit. */
    public static final String RATE_LIMITS = "llmbatch.rate_limits";
    /** Timer: coordinated cooldowns, by how long each really lasted. */
    public static final String COOLDOWN = "llmbatch.cooldown";
    /** Gauge: the current worker limit. */
    public static final String WORKERS = "llmbatch.workers";
    /** Gauge: calls running now. */
    public static final String IN_FLIGHT = "llmbatch.in_flight";
    /** Counter, US dollars: the cost of the calls, tagged {@link #REQUEST_MODEL} (with a {@link ModelPricing}). */
    public static final String COST = "llmbatch.cost";

    /** Tag of {@link #ITEMS}: {@link #OUTCOME_SUCCESS} or {@link #OUTCOME_FAILURE}. */
    public static final String OUTCOME = "outcome";
    /** Tag: the {@link io.llmbatch4j.core.ErrorKind} name of a failure, else {@link #NONE}. */
    public static final String ERROR_KIND = "error.kind";
    /** {@link #OUTCOME} value of an item that succeeded. */
    public static final String OUTCOME_SUCCESS = "success";
    /** {@link #OUTCOME} value of an item that failed. */
    public static final String OUTCOME_FAILURE = "failure";

    /** {@link #ERROR_TYPE} value of an attempt cancelled while it ran (its timeout, the run stopped, the caller left). */
    public static final String CANCELLED = "cancelled";

    // ---- observations and spans (GenAiTracing) ----
    /** Observation (span) of one call of the model, as the OpenTelemetry GenAI conventions name it. */
    public static final String CLIENT_OPERATION = "gen_ai.client.operation";
    /** Observation (span) of one item or one pool call, the parent of its attempts' {@link #CLIENT_OPERATION}s. */
    public static final String ITEM = "llmbatch.item";
    /** Span attribute (high cardinality): prompt tokens of the call, cached ones included. */
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    /** Span attribute (high cardinality): generated tokens of the call. */
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    /** Span attribute (high cardinality): the attempt's number, from 1 ({@code Attempt.number()}). */
    public static final String ATTEMPT = "llmbatch.attempt";
    /** Span attribute (high cardinality): how many times the call was retried after a rate limit so far. */
    public static final String RATE_LIMIT_RETRIES = "llmbatch.rate_limit_retries";
    /** Span attribute (high cardinality) of {@link #ITEM}: the item's id (never its prompt). */
    public static final String ITEM_ID = "llmbatch.item.id";
    /** Span attribute (high cardinality) of {@link #ITEM}: calls made for the item. */
    public static final String ATTEMPTS = "llmbatch.attempts";
    /** Event of an {@link #ITEM} observation: the item will be tried again. */
    public static final String RETRY_EVENT = "retry";
}
