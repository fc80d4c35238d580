package io.llmbatch4j.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class ResponseCacheAndBudgetGuardTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    private static List<LLMWorkItem<String, Void>> samePrompts(io.llmbatch4j.core.LLMCallStrategy<String> s, int n,
            int distinct) {
        return IntStream.range(0, n).mapToObj(i -> LLMWorkItem.of("item-" + i, s, "prompt " + (i % distinct)))
                .toList();
    }

    @Test
    void anIdenticalStrategyAndPromptIsAnsweredOnceThenFromTheCache() {
        var strategy = Runs.Counting.answering(vts);
        var cache = new ResponseCacheMiddleware<String, Void>();
        BatchResult<String, Void> result = Runs.run(vts, 1, samePrompts(strategy, 6, 2), List.of(), cache);

        assertThat(strategy.total.get()).isEqualTo(2);
        assertThat(result.results()).extracting(WorkItemResult::output).containsExactly("answer to prompt 0",
                "answer to prompt 1", "answer to prompt 0", "answer to prompt 1", "answer to prompt 0", "answer to prompt 1");
        assertThat(result.results().get(2).usage()).isEqualTo(TokenUsage.ZERO);
        assertThat(cache.hits()).isEqualTo(4);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void anotherStrategyWithTheSamePromptIsNotAnsweredFromTheCacheAndFailuresAreNotCached() {
        var a = Runs.Counting.answering(vts);
        var failing = new Runs.Counting(vts, Duration.ofMillis(10), (p, n) -> Mono.error(new TransientProviderException("503")));
        var cache = new ResponseCacheMiddleware<String, Void>();
        Runs.run(vts, 1, List.of(LLMWorkItem.of("a", a, "same"), LLMWorkItem.of("f1", failing, "same"),
                LLMWorkItem.of("f2", failing, "same")), List.of(), cache);
        assertThat(failing.calls("f1")).isGreaterThan(1);
        assertThat(failing.calls("f2")).isEqualTo(failing.calls("f1"));
        assertThat(cache.hits()).isZero();
    }

    @Test
    void theCacheHoldsAtMostItsMaximumSize() {
        var cache = new ResponseCacheMiddleware<String, Void>(3);
        Runs.run(vts, 2, samePrompts(Runs.Counting.answering(vts), 50, 50), List.of(), cache);
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void onceTheTokenBudgetIsSpentItemsNotYetStartedEndAsBudgetExceededWithoutCallingTheModel() {
        var strategy = Runs.Counting.answering(vts); // 30 tokens per call
        BatchResult<String, Void> result = Runs.run(vts, 1, Runs.items(strategy, 10), List.of(),
                BudgetGuardMiddleware.tokens(100));

        assertThat(strategy.total.get()).isEqualTo(4);
        assertThat(result.succeeded()).isEqualTo(4);
        assertThat(result.results().subList(4, 10)).allSatisfy(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(r.error().message()).contains("budget of 100 tokens is spent (120 so far)");
        });
    }

    @Test
    void itemsWaitingForAWorkerWhenTheBudgetRunsOutAreStoppedBeforeTheirCallAndRunningOnesFinish() {
        var strategy = new Runs.Counting(vts, Duration.ofSeconds(1), (p, n) ->
                Mono.just(new LLMResponse<>("ok", TokenUsage.of(20, 10), "m")));
        AtomicBoolean spent = new AtomicBoolean();
        // the budget is reached while the first two calls run: every item has already passed beforeProcess
        vts.schedule(() -> spent.set(true), 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        BatchResult<String, Void> result = Runs.run(vts, 2, Runs.items(strategy, 6), List.of(),
                BudgetGuardMiddleware.usd(1.0, () -> spent.get() ? 1.0 : 0.0));

        assertThat(strategy.total.get()).isEqualTo(2);
        assertThat(result.results()).extracting(WorkItemResult::errorKind).containsExactly(null, null,
                ErrorKind.BUDGET_EXCEEDED, ErrorKind.BUDGET_EXCEEDED, ErrorKind.BUDGET_EXCEEDED, ErrorKind.BUDGET_EXCEEDED);
        assertThat(result.results().get(2).attempts()).isEqualTo(1);
    }
}
