package io.llmbatch4j.core.internal;

/**
 * Remembers which item ids a run has seen, in 8 to 16 bytes per id whatever the id's length: an
 * open-addressing set of 64-bit fingerprints. A streaming run of millions of items stays small.
 * Two different ids share a fingerprint with probability about n²/2⁶⁵ (1e-7 for 2 million ids);
 * such an id would be reported as a duplicate. Not thread-safe: a run adds ids from its serialized
 * {@code onNext} path.
 */
final class IdFingerprintSet {

    private long[] table = new long[1024];
    private int size;

    /** Adds the id's fingerprint; false when it was already there. */
    boolean add(String id) {
        long fp = fingerprint(id);
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        return insert(table, fp);
    }

    int size() {
        return size;
    }

    private boolean insert(long[] t, long fp) {
        int mask = t.length - 1;
        int i = (int) (fp ^ (fp >>> 32)) & mask;
        for (;;) {
            long existing = t[i];
            if (existing == 0) {
                t[i] = fp;
                if (t == table) {
                    size++;
                }
                return true;
            }
            if (existing == fp) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (long fp : old) {
            if (fp != 0) {
                insert(bigger, fp);
            }
        }
        table = bigger;
    }

    static long fingerprint(String id) {
        long h1 = id.hashCode();
        long h2 = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h2 = (h2 ^ id.charAt(i)) * 0x100000001b3L;
        }
        long fp = mix(h2 ^ (h1 << 32) ^ id.length());
        return fp == 0 ? 1 : fp;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
