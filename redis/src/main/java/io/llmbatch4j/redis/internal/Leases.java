package io.llmbatch4j.redis.internal;

import org.jspecify.annotations.Nullable;

/**
 * A ledger's blocks: the current one and at most one booked ahead. What a block overdraws, and
 * what blocks hold when they are released, goes into {@code owed} ({requests, tokens}, negative =
 * handed back), which the ledger sends with its next Redis call. Guarded by the ledger's lock.
 */
final class Leases {

    private final long[] owed;
    private @Nullable Lease current;
    private @Nullable Lease next;

    Leases(long[] owed) {
        this.owed = owed;
    }

    /**
     * The block to take from: the current one while it {@link Lease#covers covers} {@code r}
     * requests and {@code t} tokens in its slot, else the next one once it started. A current block
     * that no longer covers them is finished: its rest is forfeited (its slot is past or ending: the
     * time after it is leased to others), what it overdrew is owed.
     */
    @Nullable Lease usable(long now, long r, long t) {
        Lease c = current;
        if (c != null && c.covers(r, t, now)) {
            return c;
        }
        finish(c);
        current = null;
        Lease n = next;
        if (n != null && now >= n.start) {
            next = null;
            if (n.covers(r, t, now)) {
                current = n;
            } else {
                finish(n);
            }
        }
        return current;
    }

    private void finish(@Nullable Lease l) {
        if (l != null) {
            owed[1] += Math.max(0, -l.tokens);
        }
    }

    /** {@return the block booked ahead, or null} */
    @Nullable Lease next() {
        return next;
    }

    /** Keeps a block just granted: as the current one when there is none, else as the next. */
    void add(Lease lease) {
        if (current == null) {
            current = lease;
        } else {
            next = lease;
        }
    }

    /** Hands both blocks back. */
    void release() {
        for (Lease l : new Lease[] {current, next}) {
            if (l != null) {
                giveBack(l);
            }
        }
        current = null;
        next = null;
    }

    /** Forgets both blocks (Redis is gone: nothing can be handed back). */
    void drop() {
        current = null;
        next = null;
    }

    private void giveBack(Lease l) {
        owed[0] -= l.requests;
        owed[1] -= l.tokens;
    }
}
