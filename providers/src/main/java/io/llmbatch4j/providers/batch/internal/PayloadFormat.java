package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.providers.batch.BatchRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

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

    /** A format from its fixed parts and an encoder. */
    static PayloadFormat of(String prefix, String separator, String suffix, Function<BatchRequest, byte[]> encoder) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] s = separator.getBytes(StandardCharsets.UTF_8);
        byte[] x = suffix.getBytes(StandardCharsets.UTF_8);
        return new PayloadFormat() {
            @Override
            public byte[] prefix() {
                return p;
            }

            @Override
            public byte[] separator() {
                return s;
            }

            @Override
            public byte[] suffix() {
                return x;
            }

            @Override
            public byte[] encode(BatchRequest request) {
                return encoder.apply(request);
            }
        };
    }
}
