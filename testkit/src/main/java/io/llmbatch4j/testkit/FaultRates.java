package io.llmbatch4j.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares (0..1) of requests that get a fault instead of an answer. At most one fault hits a request;
 * the shares must add up to at most 1. Which request gets which fault is drawn from (seed, body,
 * attempt number), so a retried body draws again and eventually succeeds.
 *
 * <ul>
 *   <li>{@code http500}, {@code http502}, {@code http503}: the provider's server-error response
 *       (502 has an HTML body, as gateways send).
 *   <li>{@code overloaded}: Anthropic's 529 {@code overloaded_error}; 503 on the other providers.
 *   <li>{@code rateLimited}: a 429 in the provider's shape with a short server delay ({@code retry-after: 1},
 *       OpenAI also {@code retry-after-ms: 50}), as a burst limit answers, whatever the quota says.
 *   <li>{@code connectionReset}: the connection is closed (TCP reset) without any response.
 *   <li>{@code malformedJson}: status 200 with a JSON body cut in half.
 *   <li>{@code hang}: no response at all until the client disconnects or the server closes.
 * </ul>
 * Faults are drawn after authentication, validation and quota checks passed.
 */
public final class FaultRates {

    private static final FaultRates NONE = builder().build();

    private final double http500;
    private final double http502;
    private final double http503;
    private final double overloaded;
    private final double connectionReset;
    private final double malformedJson;
    private final double hang;
    private final double rateLimited;

    private FaultRates(Builder b) {
        this.http500 = b.http500;
        this.http502 = b.http502;
        this.http503 = b.http503;
        this.overloaded = b.overloaded;
        this.connectionReset = b.connectionReset;
        this.malformedJson = b.malformedJson;
        this.hang = b.hang;
        this.rateLimited = b.rateLimited;
    }

    /** {@return no faults (the default)} */
    public static FaultRates none() {
        return NONE;
    }

    /** {@return a builder with every share 0} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these shares} */
    public Builder toBuilder() {
        return new Builder().http500(http500).http502(http502).http503(http503).overloaded(overloaded)
                .connectionReset(connectionReset).malformedJson(malformedJson).hang(hang).rateLimited(rateLimited);
    }

    /** {@return the share of 429 answers drawn regardless of the quota} */
    public double rateLimited() {
        return rateLimited;
    }

    /** {@return the share of 500 answers} */
    public double http500() {
        return http500;
    }

    /** {@return the share of 502 answers (with an HTML body)} */
    public double http502() {
        return http502;
    }

    /** {@return the share of 503 answers} */
    public double http503() {
        return http503;
    }

    /** {@return the share of overload answers (Anthropic 529, 503 elsewhere)} */
    public double overloaded() {
        return overloaded;
    }

    /** {@return the share of connections closed without a response} */
    public double connectionReset() {
        return connectionReset;
    }

    /** {@return the share of 200 answers whose JSON body is cut in half} */
    public double malformedJson() {
        return malformedJson;
    }

    /** {@return the share of requests never answered} */
    public double hang() {
        return hang;
    }

    /** {@return the sum of all shares: the probability that a request gets some fault} */
    public double total() {
        return http500 + http502 + http503 + overloaded + connectionReset + malformedJson + hang + rateLimited;
    }

    /** {@return the shares by name, in the order faults are drawn ({@code http500} first)} */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("http500", http500);
        m.put("http502", http502);
        m.put("http503", http503);
        m.put("overloaded", overloaded);
        m.put("connectionReset", connectionReset);
        m.put("malformedJson", malformedJson);
        m.put("hang", hang);
        m.put("rateLimited", rateLimited);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaultRates f && f.asMap().equals(asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "FaultRates" + asMap();
    }

    /** Builds {@link FaultRates}; {@link #build()} names every bad field. */
    public static final class Builder {
        private double http500;
        private double http502;
        private double http503;
        private double overloaded;
        private double connectionReset;
        private double malformedJson;
        private double hang;
        private double rateLimited;

        private Builder() {}

        /**
         * The share of 500 answers.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder http500(double share) {
            this.http500 = share;
            return this;
        }

        /**
         * The share of 502 answers (with an HTML body, as gateways send).
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder http502(double share) {
            this.http502 = share;
            return this;
        }

        /**
         * The share of 503 answers.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder http503(double share) {
            this.http503 = share;
            return this;
        }

        /**
         * Anthropic 529 {@code overloaded_error}; 503 for OpenAI and Gemini.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder overloaded(double share) {
            this.overloaded = share;
            return this;
        }

        /**
         * The share of connections closed (TCP reset) without a response.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder connectionReset(double share) {
            this.connectionReset = share;
            return this;
        }

        /**
         * The share of 200 answers whose JSON body is cut in half.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder malformedJson(double share) {
            this.malformedJson = share;
            return this;
        }

        /**
         * The share of requests never answered until the client disconnects or the server closes.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder hang(double share) {
            this.hang = share;
            return this;
        }

        /**
         * A 429 with a short retry-after, whatever the quota says.
         *
         * @param share 0 to 1
         * @return this builder
         */
        public Builder rateLimited(double share) {
            this.rateLimited = share;
            return this;
        }

        /**
         * Sets a share by its name as used on the command line: {@code 500}, {@code 502}, {@code 503},
         * {@code 529}/{@code overloaded}, {@code reset}, {@code malformed}, {@code hang}, {@code 429}.
         *
         * @param name the fault's name
         * @param share 0 to 1
         * @return this builder
         * @throws IllegalArgumentException for an unknown name
         */
        public Builder set(String name, double share) {
            switch (name) {
                case "500", "http500" -> http500 = share;
                case "502", "http502" -> http502 = share;
                case "503", "http503" -> http503 = share;
                case "529", "overloaded" -> overloaded = share;
                case "reset", "connectionReset" -> connectionReset = share;
                case "malformed", "malformedJson" -> malformedJson = share;
                case "hang" -> hang = share;
                case "429", "rateLimited" -> rateLimited = share;
                default -> throw new IllegalArgumentException("faults: unknown fault '" + name
                        + "' (known: 500, 502, 503, 529, reset, malformed, hang, 429)");
            }
            return this;
        }

        /**
         * @return the shares
         * @throws IllegalArgumentException naming every share outside [0, 1], or a sum above 1
         */
        public FaultRates build() {
            FaultRates f = new FaultRates(this);
            List<String> bad = new ArrayList<>();
            f.asMap().forEach((k, v) -> {
                if (!(v >= 0 && v <= 1)) {
                    bad.add("faults." + k + " must be in [0, 1] (was " + v + ")");
                }
            });
            if (bad.isEmpty() && f.total() > 1.0 + 1e-9) {
                bad.add("faults: the shares must add up to <= 1 (was " + f.total() + ")");
            }
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", bad));
            }
            return f;
        }
    }
}
