package org.iommuscope.engine.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file's bytes as strict UTF-8 text, decoded a chunk at a time: a stray byte stops reading with where it is
 * (line, and column in bytes) rather than being read as a replacement character.
 */
final class StrictUtf8Reader extends Reader {

    /** The byte at {@code line}:{@code column} is not UTF-8. */
    static final class NotUtf8 extends IOException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;
        final int value;

        NotUtf8(int line, int column, int value) {
            super(String.format("not UTF-8 text: byte 0x%02x", value));
            this.line = line;
            this.column = column;
            this.value = value;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    /** File offset of bytes.array()[0]. */
    private long base;
    private boolean eof;
    private boolean flushed;
    private int line = 1;
    private long lineStart;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (true) {
            int from = bytes.position();
            CoderResult result = decoder.decode(bytes, out, eof);
            countLines(from, bytes.position());
            if (result.isError()) {
                long at = base + bytes.position();
                throw new NotUtf8(line, (int) (at - lineStart + 1), bytes.get(bytes.position()) & 0xff);
            }
            if (out.position() > off) {
                return out.position() - off;
            }
            if (eof) {
                if (!flushed) {
                    flushed = true;
                    decoder.flush(out);
                    if (out.position() > off) {
                        return out.position() - off;
                    }
                }
                return -1;
            }
            fill();
        }
    }

    /** Keeps the undecoded tail and reads more bytes after it. */
    private void fill() throws IOException {
        base += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void countLines(int from, int to) {
        byte[] a = bytes.array();
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                line++;
                lineStart = base + i + 1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
