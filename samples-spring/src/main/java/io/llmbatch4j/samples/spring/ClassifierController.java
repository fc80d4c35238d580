package io.llmbatch4j.samples.spring;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.spring.boot.LlmBatchProcessors;
import io.llmbatch4j.spring.boot.LlmCalls;
import io.llmbatch4j.strategies.ChatStrategy;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The two endpoints. Nothing here blocks: both return the library's publishers to WebFlux. */
@RestController
class ClassifierController {

    /** One ticket. */
    record Ticket(String id, String text) {}

    /** The answer to one ticket. */
    record Label(String label, String model, long inputTokens, long outputTokens) {}

    /** One NDJSON line of a job: a ticket's result in completion order. */
    record JobLine(String id, boolean success, String label, String error, int attempts) {}

    private final LlmCalls calls;
    private final LlmBatchProcessors processors;
    private final ChatStrategy classifier;
    private final LLMCallStrategy<String> tracedClassifier;

    ClassifierController(LlmCalls calls, LlmBatchProcessors processors, ChatStrategy classifier) {
        this.calls = calls;
        this.processors = processors;
        this.classifier = classifier;
        this.tracedClassifier = processors.tracing().strategy(classifier);
    }

    /** One call through the shared pool (its worker bound, cooldown and retries shared with every request). */
    @PostMapping("/classify")
    Mono<Label> classify(@RequestBody Ticket ticket) {
        return calls.call(classifier, ticket.text()).map(r -> new Label(r.output() == null ? "" : r.output().strip(),
                r.model(), r.usage().inputTokens(), r.usage().outputTokens()));
    }

    /**
     * A batch job of its own: a processor per job, closed without blocking ({@code closeAsync}) when the stream
     * ends or the client leaves (a blocking {@code close()} here would wait on the run it is ending).
     */
    @PostMapping(path = "/jobs", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<JobLine> job(@RequestBody Flux<Ticket> tickets) {
        return Flux.usingWhen(Mono.fromSupplier(() -> processors.<String, Void>builder().build()),
                p -> p.process(tickets.map(t -> LLMWorkItem.of(t.id(), tracedClassifier, t.text())))
                        .map(ClassifierController::line),
                ParallelBatchProcessor::closeAsync);
    }

    private static JobLine line(WorkItemResult<String, Void> r) {
        return new JobLine(r.itemId(), r.success(), r.output() == null ? null : r.output().strip(),
                r.error() == null ? null : r.error().kind() + ": " + r.error().message(), r.attempts());
    }
}
