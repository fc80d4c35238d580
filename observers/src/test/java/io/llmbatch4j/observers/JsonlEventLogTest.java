package io.llmbatch4j.observers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.TokenUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonlEventLogTest {

    @Test
    void everyEventIsOneJsonLineWithItsFieldsAndNoPromptText(@TempDir Path dir) throws IOException {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        var strategy = Runs.strategy(vts, (id, n) -> n == 1 && id.equals("item-0")
                ? Mono.error(new RateLimitException("429", Duration.ofSeconds(1)))
                : Mono.just(new LLMResponse<>("secret answer", TokenUsage.of(10, 5), "gpt-x-2025")));
        Path file = dir.resolve("events.jsonl");
        try (JsonlEventLog log = JsonlEventLog.open(file)) {
            Runs.run(vts, Runs.items(strategy, 2), log);
        }

        JsonMapper mapper = JsonMapper.builder().build();
        List<String> lines = Files.readAllLines(file);
        List<JsonNode> events = lines.stream().map(mapper::readTree).toList();
        assertThat(events.get(0).get("event").asString()).isEqualTo("BatchStarted");
        assertThat(events.get(events.size() - 1).get("event").asString()).isEqualTo("BatchCompleted");
        JsonNode ended = events.stream().filter(e -> e.get("event").asString().equals("AttemptEnded")
                && e.get("error") == null).findFirst().orElseThrow();
        assertThat(ended.get("usage").get("input").asLong()).isEqualTo(10);
        assertThat(ended.get("durationMs").asDouble()).isEqualTo(100.0);
        assertThat(ended.get("target").get("provider").asString()).isEqualTo("openai");
        assertThat(ended.get("model").asString()).isEqualTo("gpt-x-2025");
        JsonNode limited = events.stream().filter(e -> e.get("event").asString().equals("AttemptEnded")
                && e.get("error") != null).findFirst().orElseThrow();
        assertThat(limited.get("error").get("kind").asString()).isEqualTo("RATE_LIMIT");
        assertThat(limited.get("error").get("retryAfterMs").asLong()).isEqualTo(1000);
        assertThat(lines).noneMatch(l -> l.contains("prompt 0") || l.contains("secret answer"));
        assertThat(events).extracting(e -> e.get("event").asString()).contains("CooldownStarted", "CooldownEnded",
                "RateLimited", "ItemRetrying", "ItemSucceeded");
    }
}
