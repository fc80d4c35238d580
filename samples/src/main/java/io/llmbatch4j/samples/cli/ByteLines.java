package io.llmbatch4j.samples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The lines of a byte stream, split on {@code '\n'} (a {@code '\r'} before it dropped), each with
 * its 1-based number and byte offsets. Lines are split as bytes and decoded one by one, strictly,
 * so a line that is not valid UTF-8 is that line's problem: the lines after it keep their numbers
 * and are read as usual. Not thread-safe; {@link #close()} closes the stream.
 */
final class ByteLines implements AutoCloseable {

    /**
     * One line.
     *
     * @param start offset of its first byte
     * @param end offset just past it, its {@code '\n'} included
     * @param terminated false for a last line without {@code '\n'} (a write cut short)
     */
    record Line(long number, long start, long end, byte[] bytes, boolean terminated) {

        /** The text, or null when the bytes are not valid UTF-8. */
        @Nullable String text() {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                return strict.decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }

        /** The text with each invalid byte sequence shown as U+FFFD, to quote a bad line. */
        String lenientText() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long offset;
    private long number;
    private byte[] line = new byte[256];

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    @Nullable Line next() throws IOException {
        long start = offset;
        int length = 0;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n <= 0) {
                    return length == 0 ? null : line(start, length, false);
                }
                position = 0;
                limit = n;
            }
            int newline = indexOfNewline();
            int stop = newline < 0 ? limit : newline;
            int chunk = stop - position;
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
            }
            System.arraycopy(buffer, position, line, length, chunk);
            length += chunk;
            offset += chunk;
            position = stop;
            if (newline >= 0) {
                position++;
                offset++;
                return line(start, length, true);
            }
        }
    }

    /** Closes the stream; a failure to close a stream read to its end changes nothing. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private Line line(long start, int length, boolean terminated) {
        int from = 0;
        if (start == 0 && length >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length)) {
            from = BOM.length; // a byte order mark some editors put first; not part of the text
        }
        int to = length > from && line[length - 1] == '\r' && terminated ? length - 1 : length;
        return new Line(++number, start, offset, Arrays.copyOfRange(line, from, to), terminated);
    }
}
