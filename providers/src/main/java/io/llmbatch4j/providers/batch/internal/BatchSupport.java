package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.batch.BatchMode;
import io.llmbatch4j.providers.internal.HttpReply;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import io.llmbatch4j.providers.internal.Json;

/** Small pieces every batch provider shares. */
public final class BatchSupport {

    /** The custom id shape every provider accepts (Anthropic's is the strictest). */
    public static final Pattern CUSTOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private BatchSupport() {}

    /** True when the catalog has an entry for {@code model} in {@code section} other than the section default. */
    public static boolean inCatalog(ModelCatalog catalog, String section, String model) {
        return !catalog.resolve(section, model).match().equals("*");
    }

    /** @throws PermanentProviderException when {@code mode} is not {@link BatchMode#CHAT} */
    public static void requireChat(String provider, BatchMode mode) {
        if (mode != BatchMode.CHAT) {
            throw new PermanentProviderException(provider + " batches: mode " + mode + " is not implemented (only CHAT)");
        }
    }

    /** A per-request answer inside a results file, dressed as the HTTP reply the realtime parser expects. */
    public static HttpReply reply(int status, JsonNode body, Clock clock) {
        return new HttpReply(status, EmptyHttpHeaders.INSTANCE, Json.bytes(body), clock.instant());
    }

    /** {@code text}'s UTF-8 bytes. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
