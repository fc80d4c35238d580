package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.FaultRates;

/** The fault drawn for one request, in the order of {@link FaultRates#asMap()}. */
public enum Fault {
    HTTP_500, HTTP_502, HTTP_503, OVERLOADED, CONNECTION_RESET, MALFORMED_JSON, HANG, RATE_LIMITED;

    /** The fault for uniform number {@code u}, or {@code null} for none. */
    public static Fault draw(FaultRates rates, double u) {
        double[] shares = {rates.http500(), rates.http502(), rates.http503(), rates.overloaded(),
            rates.connectionReset(), rates.malformedJson(), rates.hang(), rates.rateLimited()};
        double acc = 0;
        for (int k = 0; k < shares.length; k++) {
            acc += shares[k];
            if (u < acc) {
                return values()[k];
            }
        }
        return null;
    }
}
