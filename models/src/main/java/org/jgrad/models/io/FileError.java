package org.jgrad.models.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * One line saying why a file could not be read, always naming the file: {@code data.csv: is a directory, expected
 * a file}. The JDK's own messages name only the path ({@code AccessDeniedException}), only the reason
 * ({@code Is a directory}) or neither ({@code invalid distance too far back} from a damaged gzip stream).
 */
public final class FileError {
    private FileError() {
    }

    /** The most a Java array holds (a little under 2^31 bytes); a larger file cannot be read whole. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /**
     * {@link Files#readAllBytes}, but a file too large for one array is an {@link IOException} that
     * {@link #describe} words ("larger than ...") instead of an {@code OutOfMemoryError}.
     */
    public static byte[] readAllBytes(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
            throw new FileSystemException(file.toString(), null, "larger than " + MAX_BYTES + " bytes ("
                    + Files.size(file) + "), more than jgrad reads into memory at once");
        }
        return Files.readAllBytes(file);
    }

    /** {@code "FILE: reason"} for an exception thrown while opening or reading {@code file}. */
    public static String describe(Path file, IOException e) {
        return file + ": " + reason(file, e);
    }

    /** The reason alone, in words a user can act on. */
    static String reason(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (Files.isDirectory(file)) {
            return "is a directory, expected a file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (this user may not read it)";
        }
        if (e instanceof NotDirectoryException || e instanceof FileSystemException f
                && "Not a directory".equals(f.getReason())) {
            return "a parent of this path is a file, not a directory";
        }
        if (e instanceof ZipException) {
            return "corrupt gzip data" + detail(e) + "; the file is damaged, fetch or copy it again";
        }
        if (e instanceof EOFException) {
            return "truncated: the file ends early" + detail(e);
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return "cannot be read: " + f.getReason();
        }
        return "cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String detail(IOException e) {
        return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }
}
