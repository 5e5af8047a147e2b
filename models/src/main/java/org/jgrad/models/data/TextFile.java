package org.jgrad.models.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jgrad.models.io.FileError;

/**
 * A whole text file read as UTF-8, with a leading byte order mark (EF BB BF, which spreadsheet programs write)
 * skipped. Anything else is a {@link DataException} naming the file: a missing file, a directory, an unreadable
 * file, gzip data, binary data (a zero byte) or bytes that are not UTF-8 (with the line and the byte's offset, so
 * a file saved as Latin-1 is found at once).
 */
final class TextFile {
    private TextFile() {
    }

    static String read(Path file) {
        try {
            return decode(file, FileError.readAllBytes(file));
        } catch (IOException e) {
            throw new DataException(FileError.describe(file, e));
        }
    }

    /** The text of {@code bytes}, read from {@code file} (named in the messages). */
    static String decode(Path file, byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            throw new DataException(file + ": gzip-compressed data, expected CSV text (decompress it first, for "
                    + "example with gunzip)");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new DataException(file + ", line " + line(bytes, i) + ": binary data (a zero byte at byte " + i
                        + "), expected CSV text");
            }
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new DataException(file + ", line " + line(bytes, at) + ": not UTF-8 text (byte 0x"
                    + Integer.toHexString(bytes[at] & 0xff) + " at byte " + at + "); save the file as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The 1-based line holding byte {@code at}. */
    private static long line(byte[] bytes, int at) {
        long line = 1;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
