package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.providers.batch.BatchRequest;

/**
 * A provider's upload body: {@code prefix, item, separator, item, ..., suffix}. JSONL files use an
 * empty prefix, {@code \n} separators and a {@code \n} suffix; JSON envelopes use
 * {@code {"requests":[}, {@code ,} and {@code ]}}.
 */
public interface PayloadFormat {

    byte[] prefix();

    byte[] separator();

    byte[] suffix();

    /**
     * One request, encoded; throws {@link IllegalArgumentException} (the request is then rejected,
     * not written) when the provider cannot take it.
     */
    byte[] encode(BatchRequest request);
}
