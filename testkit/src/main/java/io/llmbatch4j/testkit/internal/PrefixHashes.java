package io.llmbatch4j.testkit.internal;

/** FNV-1a 64-bit hashes of the prefixes of a text that end at given offsets, in one pass. */
public final class PrefixHashes {

    private PrefixHashes() {}

    /** {@code result[k]} = hash of {@code text.substring(0, ends[k])}; {@code ends} ascending. */
    public static long[] of(String text, int[] ends) {
        long[] out = new long[ends.length];
        long h = 0xcbf29ce484222325L;
        int k = 0;
        for (int i = 0; i <= text.length() && k < ends.length; i++) {
            while (k < ends.length && ends[k] == i) {
                out[k++] = h ^ ((long) i << 1);
            }
            if (i < text.length()) {
                h ^= text.charAt(i);
                h *= 0x100000001b3L;
            }
        }
        return out;
    }
}
