package io.llmbatch4j.core.quota;

import java.time.Duration;
import java.util.Objects;

/**
 * The budgets of one quota: requests and tokens per minute (0 = no budget for that dimension) and
 * how much of them may go at once after an idle spell.
 *
 * @param requestsPerMinute requests per minute, 0 for none
 * @param tokensPerMinute tokens per minute, 0 for none
 * @param burst how much may go at once after an idle spell, as time at the budget's rate
 */
public record QuotaLimits(long requestsPerMinute, long tokensPerMinute, Duration burst) {

    /** No budget at all. */
    public static final QuotaLimits NONE = new QuotaLimits(0, 0, Duration.ZERO);

    /**
     * Checks the values.
     *
     * @param requestsPerMinute at least 0
     * @param tokensPerMinute at least 0
     * @param burst not negative
     */
    public QuotaLimits {
        Objects.requireNonNull(burst, "QuotaLimits.burst must not be null");
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || burst.isNegative()) {
            throw new IllegalArgumentException("QuotaLimits must not be negative (was " + requestsPerMinute + " rpm, "
                    + tokensPerMinute + " tpm, burst " + burst + ")");
        }
    }

    /** {@return whether either dimension has a budget} */
    public boolean any() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
    }

    /**
     * These limits divided among {@code shares} JVMs (each dimension at least 1 when it was set).
     *
     * @param shares at least 1
     * @return the share of one JVM
     */
    public QuotaLimits divide(int shares) {
        int n = Math.max(1, shares);
        return new QuotaLimits(requestsPerMinute == 0 ? 0 : Math.max(1, requestsPerMinute / n),
                tokensPerMinute == 0 ? 0 : Math.max(1, tokensPerMinute / n), burst);
    }

    /**
     * Each dimension of {@code configured} that is set, else this one's.
     *
     * @param configured the limits the user configured
     * @return the merged limits
     */
    public QuotaLimits under(QuotaLimits configured) {
        return new QuotaLimits(configured.requestsPerMinute > 0 ? configured.requestsPerMinute : requestsPerMinute,
                configured.tokensPerMinute > 0 ? configured.tokensPerMinute : tokensPerMinute, configured.burst);
    }
}
