package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.TransientProviderException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The calls of a run as the summary shows them: how many were made (an attempt that a budget
 * guard refused before calling is none), how long one call to the provider took (apart from any
 * wait for a worker, which the results carry), and why failed attempts failed, so a dropped
 * connection is a number in the summary rather than a line on the console.
 */
final class RunMeter implements ProcessingObserver {

    /** Milliseconds, 2 significant digits, up to an hour. */
    static SynchronizedHistogram millisHistogram() {
        return new SynchronizedHistogram(3_600_000L, 2);
    }

    final SynchronizedHistogram callMillis = millisHistogram();
    private final LongAdder started = new LongAdder();
    private final LongAdder startedRetries = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder refusedRetries = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder connectionErrors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder invalidAnswers = new LongAdder();
    final LongAdder otherErrors = new LongAdder();

    @Override
    public void onEvent(ProcessingEvent event) {
        if (event instanceof ProcessingEvent.AttemptStarted e) {
            started.increment();
            startedRetries.add(e.attempt() > 1 ? 1 : 0);
            return;
        }
        if (!(event instanceof ProcessingEvent.AttemptEnded e)) {
            return;
        }
        ErrorInfo error = e.error();
        if (error != null && error.kind() == ErrorKind.BUDGET_EXCEEDED) {
            refused.increment(); // the budget guard ended it without calling the provider
            refusedRetries.add(e.attempt() > 1 ? 1 : 0);
            return;
        }
        if (error != null && (error.kind() == ErrorKind.CANCELLED || error.kind() == ErrorKind.ABORTED)) {
            return; // cut short by the run, not an answer
        }
        callMillis.recordValue(Math.min(callMillis.getHighestTrackableValue(), e.duration().toMillis()));
        if (error != null) {
            counter(error).increment();
        }
    }

    private LongAdder counter(ErrorInfo error) {
        return switch (error.kind()) {
            case RATE_LIMIT -> rateLimited;
            case TIMEOUT -> timeouts;
            case VALIDATION -> invalidAnswers;
            case TRANSIENT -> error.cause() instanceof TransientProviderException t && t.statusCode() == 0
                    ? connectionErrors : serverErrors;
            default -> otherErrors;
        };
    }

    /** Calls made to the provider. */
    long attempts() {
        return started.sum() - refused.sum();
    }

    /** Calls made after an item's first. */
    long retries() {
        return startedRetries.sum() - refusedRetries.sum();
    }

    /** "rate limited 3, connection errors 2", the non-zero ones, or "" when none. */
    String failedAttempts() {
        StringBuilder sb = new StringBuilder();
        append(sb, "rate limited", rateLimited);
        append(sb, "server errors", serverErrors);
        append(sb, "connection errors", connectionErrors);
        append(sb, "timeouts", timeouts);
        append(sb, "invalid answers", invalidAnswers);
        append(sb, "refused", otherErrors);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, LongAdder count) {
        long n = count.sum();
        if (n > 0) {
            sb.append(sb.isEmpty() ? "" : ", ").append(label).append(' ').append(n);
        }
    }
}
