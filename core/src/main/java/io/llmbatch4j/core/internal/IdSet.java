package io.llmbatch4j.core.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The ids a run has seen, for duplicate detection. Most batch ids are a fixed prefix and a number
 * ({@code ticket-41}, {@code 000123}, {@code 7}); those go to one bitmap per (prefix, digit count),
 * where a run of consecutive numbers costs one bit each and touches memory in order. Every other
 * id goes to an {@link IdFingerprintSet} (8-16 bytes per id, one cache miss each).
 *
 * <p>Which part holds an id is a function of the id and of the bitmaps' state, and that state only
 * grows until {@link #DEFAULT_BITMAP_BUDGET_BYTES} is spent, then freezes (numbers from
 * {@link #MAX_BITMAP_VALUE} up always go to the fingerprints): an id that went to a bitmap
 * once always finds its bit there, and an id refused by the bitmaps is refused again, so the same id
 * is always looked up where it was stored. Ids whose digits differ in count ({@code t-5},
 * {@code t-05}) are different keys, as they are different strings. Not thread-safe: a run adds ids
 * from its serialized {@code onNext} path.
 */
final class IdSet {

    /** Memory all bitmaps of one run may take together: 32 million numbered ids. */
    static final long DEFAULT_BITMAP_BUDGET_BYTES = 4L << 20;
    /** More digits than this do not fit an int; such ids are fingerprinted. */
    private static final int MAX_DIGITS = 9;
    /**
     * Numbers from this one up are always fingerprinted (a fixed rule, so one large number never
     * spends the budget): a bitmap holds at most 8 million ids in 1 MiB.
     */
    static final int MAX_BITMAP_VALUE = 1 << 23;

    private final IdFingerprintSet others = new IdFingerprintSet();
    private final Map<String, Bitmap> bitmaps = new HashMap<>();
    private long budgetLeft;
    private boolean frozen;
    private Bitmap last;
    private String lastId = "";
    private int lastPrefixLength = -1;
    private int lastDigits;

    IdSet() {
        this(DEFAULT_BITMAP_BUDGET_BYTES);
    }

    IdSet(long bitmapBudgetBytes) {
        this.budgetLeft = bitmapBudgetBytes;
    }

    /** Adds the id; false when it was already there. */
    boolean add(String id) {
        int length = id.length();
        int digits = 0;
        int value = 0;
        int scale = 1;
        while (digits < length) {
            char c = id.charAt(length - 1 - digits);
            if (c < '0' || c > '9') {
                break;
            }
            if (digits == MAX_DIGITS) {
                return others.add(id);
            }
            value += (c - '0') * scale;
            scale *= 10;
            digits++;
        }
        if (digits > 0 && value < MAX_BITMAP_VALUE) {
            Bitmap bitmap = bitmap(id, length - digits, digits);
            if (bitmap != null && ensureCapacity(bitmap, value)) {
                return bitmap.set(value);
            }
        }
        return others.add(id);
    }

    int size() {
        long n = others.size();
        for (Bitmap b : bitmaps.values()) {
            n += b.count;
        }
        return (int) n;
    }

    private Bitmap bitmap(String id, int prefixLength, int digits) {
        if (prefixLength == lastPrefixLength && digits == lastDigits && id.regionMatches(0, lastId, 0, prefixLength)) {
            return last;
        }
        String key = id.substring(0, prefixLength) + '\u0000' + digits;
        Bitmap b = bitmaps.get(key);
        if (b == null) {
            if (frozen || budgetLeft < Bitmap.INITIAL_WORDS * 8L) {
                frozen = true;
                return null;
            }
            budgetLeft -= Bitmap.INITIAL_WORDS * 8L;
            b = new Bitmap();
            bitmaps.put(key, b);
        }
        last = b;
        lastId = id;
        lastPrefixLength = prefixLength;
        lastDigits = digits;
        return b;
    }

    /** Grows the bitmap to hold {@code value} while the budget allows; false when it cannot. */
    private boolean ensureCapacity(Bitmap b, int value) {
        int word = value >>> 6;
        if (word < b.words.length) {
            return true;
        }
        if (frozen) {
            return false;
        }
        int newLength = b.words.length;
        while (newLength <= word) {
            newLength *= 2;
        }
        long extra = (long) (newLength - b.words.length) * 8L;
        if (extra > budgetLeft) {
            frozen = true;
            return false;
        }
        budgetLeft -= extra;
        b.words = java.util.Arrays.copyOf(b.words, newLength);
        return true;
    }

    private static final class Bitmap {
        static final int INITIAL_WORDS = 16;
        long[] words = new long[INITIAL_WORDS];
        long count;

        boolean set(int value) {
            int i = value >>> 6;
            long bit = 1L << value;
            long w = words[i];
            if ((w & bit) != 0) {
                return false;
            }
            words[i] = w | bit;
            count++;
            return true;
        }
    }
}
