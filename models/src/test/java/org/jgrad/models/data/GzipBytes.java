package org.jgrad.models.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** Bytes gzip-compressed in memory, for tests of the readers' gzip handling. */
final class GzipBytes {
    private GzipBytes() {
    }

    static byte[] of(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(content);
        }
        return out.toByteArray();
    }
}
