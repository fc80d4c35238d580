package io.llmbatch4j.core.quota;

import java.time.Duration;

/** A ledger forwarding every call to another, for tests to override one method. */
public class ForwardingLedgerForTest implements QuotaLedger {

    private final QuotaLedger delegate;

    public ForwardingLedgerForTest(QuotaLedger delegate) {
        this.delegate = delegate;
    }

    @Override
    public long reserve(long requests, long tokens, long nowNanos, long queuedAtNanos) {
        return delegate.reserve(requests, tokens, nowNanos, queuedAtNanos);
    }

    @Override
    public void reconcile(long requests, long tokens) {
        delegate.reconcile(requests, tokens);
    }

    @Override
    public void hold(long untilNanos) {
        delegate.hold(untilNanos);
    }

    @Override
    public void exhausted(long untilNanos) {
        delegate.exhausted(untilNanos);
    }

    @Override
    public void cooldownStarted(Duration length) {
        delegate.cooldownStarted(length);
    }

    @Override
    public void learn(QuotaLimits learned) {
        delegate.learn(learned);
    }

    @Override
    public QuotaLimits limits() {
        return delegate.limits();
    }

    @Override
    public QuotaMode mode() {
        return delegate.mode();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
