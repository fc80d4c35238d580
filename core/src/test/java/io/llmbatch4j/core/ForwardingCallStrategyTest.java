package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ForwardingCallStrategyTest {

    @Test
    void aDecoratorThatOverridesNothingForwardsEveryMethodTheDefaultsIncluded() {
        List<String> calls = new ArrayList<>();
        CallTarget target = new CallTarget("openai", "gpt-x", "chat");
        LLMCallStrategy<String> inner = new LLMCallStrategy<>() {
            @Override
            public Mono<Void> prepare() {
                return Mono.fromRunnable(() -> calls.add("prepare"));
            }

            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                return Mono.just(LLMResponse.of("executed " + prompt));
            }

            @Override
            public Mono<Void> onError(Throwable error, Attempt attempt) {
                return Mono.fromRunnable(() -> calls.add("onError " + error.getMessage()));
            }

            @Override
            public String scopeKey(String prompt) {
                return "scope of " + prompt;
            }

            @Override
            public Mono<LLMResponse<String>> dryRun(String prompt, Attempt attempt) {
                return Mono.just(LLMResponse.of("dry " + prompt));
            }

            @Override
            public CallTarget describe(Attempt attempt) {
                return target;
            }

            @Override
            public Mono<Void> cleanup() {
                return Mono.fromRunnable(() -> calls.add("cleanup"));
            }
        };
        LLMCallStrategy<String> forwarding = new ForwardingCallStrategy<>(inner) { };
        Attempt attempt = new Attempt("item", 1, 0, Duration.ofSeconds(1), new RetryState());

        forwarding.prepare().block();
        assertThat(forwarding.execute("p", attempt).block().output()).isEqualTo("executed p");
        forwarding.onError(new IllegalStateException("boom"), attempt).block();
        assertThat(forwarding.scopeKey("p")).isEqualTo("scope of p");
        assertThat(forwarding.dryRun("p", attempt).block().output()).isEqualTo("dry p");
        assertThat(forwarding.describe(attempt)).isSameAs(target);
        forwarding.cleanup().block();
        assertThat(calls).containsExactly("prepare", "onError boom", "cleanup");
    }
}
