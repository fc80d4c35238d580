package io.llmbatch4j.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The Lua scripts, run by their SHA ({@code EVALSHA}); a server that does not know one yet
 * ({@code NOSCRIPT}, e.g. after a restart) gets the script itself ({@code EVAL}), which also caches it.
 */
final class Scripts {

    static final Scripts LEASE = new Scripts("lease.lua");
    static final Scripts COOLDOWN = new Scripts("cooldown.lua");

    private final String text;
    private final String sha;

    private Scripts(String resource) {
        try (InputStream in = Scripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sha = io.lettuce.core.codec.Base16.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the script on {@code key} with {@code args}: one round trip (two after a server restart). */
    Mono<List<Object>> run(RedisReactiveCommands<String, String> redis, String key, String... args) {
        String[] keys = {key};
        return redis.<Object>evalsha(sha, ScriptOutputType.MULTI, keys, args).collectList()
                .onErrorResume(RedisNoScriptException.class,
                        e -> redis.<Object>eval(text, ScriptOutputType.MULTI, keys, args).collectList())
                .map(Scripts::flat);
    }

    /** Lettuce emits a multi-bulk reply either element by element or as one list. */
    @SuppressWarnings("unchecked")
    private static List<Object> flat(List<Object> reply) {
        return reply.size() == 1 && reply.get(0) instanceof List<?> inner ? (List<Object>) inner : reply;
    }

    /** Runs a script answering one integer. */
    Mono<Long> runInteger(RedisReactiveCommands<String, String> redis, String key, String... args) {
        String[] keys = {key};
        return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args).next()
                .onErrorResume(RedisNoScriptException.class,
                        e -> redis.<Long>eval(text, ScriptOutputType.INTEGER, keys, args).next());
    }
}
