package io.llmbatch4j.redis.internal;

import org.jspecify.annotations.Nullable;

/**
 * A ledger's blocks: the current one and at most one booked ahead. What a block leaves unused when
 * it expires or is released goes into {@code owed} ({requests, tokens}, negative = handed back),
 * which the ledger sends with its next Redis call. Guarded by the ledger's lock.
 */
final class Leases {

    private final long[] owed;
    private @Nullable Lease current;
    private @Nullable Lease next;

    Leases(long[] owed) {
        this.owed = owed;
    }

    /**
     * The block to take from: the current one (unless expired: then handed back), or the next one
     * once it started, when the current one cannot cover {@code r} requests and {@code t} tokens
     * (what the current one left moves into it).
     */
    @Nullable Lease usable(long now, long r, long t) {
        Lease c = current;
        if (c != null && now >= c.expires) {
            giveBack(c);
            current = c = null;
        }
        Lease n = next;
        if (n != null && now >= n.start && (c == null || !c.covers(r, t))) {
            if (c != null) {
                n.absorb(c);
            }
            current = c = n;
            next = null;
        }
        return c;
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
