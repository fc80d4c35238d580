package io.llmbatch4j.providers.internal;

import java.time.Clock;

/**
 * Makes a provider's wire ({@code OpenAiWire::new} and the like), for the realtime clients and the
 * batch providers alike.
 *
 * @param <W> the wire type
 */
@FunctionalInterface
public interface WireFactory<W> {
    /**
     * @param provider the provider name the wire reports (metrics, errors, the catalog)
     * @param redactor hides the API key in anything the wire writes
     * @param clock the clock for quota headers and retry-after dates
     * @return the wire
     */
    W create(String provider, Redactor redactor, Clock clock);
}
