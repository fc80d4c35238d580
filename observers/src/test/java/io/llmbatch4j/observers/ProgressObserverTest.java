package io.llmbatch4j.observers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class ProgressObserverTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private final io.llmbatch4j.core.LLMCallStrategy<String> strategy = Runs.strategy(vts, (id, n) ->
            id.equals("item-3") ? Mono.error(new PermanentProviderException("400"))
                    : Mono.just(new LLMResponse<>("ok", TokenUsage.of(10, 5), "m")));

    @Test
    void offATerminalItPrintsPlainLinesAtMostOncePerIntervalAndAFinalOne() {
        ProgressObserver progress = ProgressObserver.builder().out(out).terminal(false).total(40)
                .interval(Duration.ofMillis(500)).cost(() -> 0.125).build();
        Runs.run(vts, Runs.items(strategy, 40), progress);

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        // 40 items, 4 workers, 100 ms each: 1 s of work; a line at the first end, then every 500 ms, then the last
        assertThat(lines).hasSizeBetween(3, 4);
        assertThat(String.join("\n", lines)).doesNotContain("\r");
        assertThat(lines[0]).startsWith("1/40 (2.5%)").contains("items/s").contains("ETA").contains("$0.1250");
        assertThat(lines[lines.length - 1]).startsWith("40/40 (100.0%)").contains("| 40.0 items/s")
                .contains("failed 1").contains("tokens 585").doesNotContain("ETA");
    }

    @Test
    void onATerminalOneLineIsRedrawnInPlaceWithABar() {
        ProgressObserver progress = ProgressObserver.builder().out(out).terminal(true).total(8)
                .interval(Duration.ZERO).build();
        Runs.run(vts, Runs.items(strategy, 8), progress);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\r[").endsWith(System.lineSeparator());
        assertThat(printed.split("\r")).hasSizeGreaterThan(2);
        assertThat(printed.strip()).contains("[##############################] 8/8 (100.0%)");
        assertThat(printed.split("\n")).hasSize(1);
    }

    @Test
    void withoutATotalItCountsWhatIsDone() {
        ProgressObserver progress = ProgressObserver.builder().out(out).terminal(false).build();
        Runs.run(vts, Runs.items(strategy, 2), progress);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("2 done |").doesNotContain("ETA");
    }
}
