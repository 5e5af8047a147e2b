package org.jgrad.models.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Writes a file all at once or not at all: the bytes go to a new temporary file beside the target, are forced to
 * the disk, and the temporary file is renamed over the target. A reader sees the old file or the new one, never a
 * part; a failed or interrupted write leaves the old file as it was.
 *
 * <p>The temporary file is created as a plain new file ({@code open(O_CREAT | O_EXCL)} with mode 0666), so the
 * kernel applies the user's umask and the result has the permissions any other new file of this user has (0644
 * under umask 022). {@link Files#createTempFile} would give 0600, and nobody else could read a saved model.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("model.safetensors"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFile {
    private static final Random NAMES = new SecureRandom();

    private AtomicFile() {
    }

    /** What writes the file's contents. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} to {@code target}, atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes what {@code content} produces to {@code target}, atomically, creating missing parent directories.
     *
     * @throws IOException naming the target and the reason (for example a directory that is not writable)
     */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = createTemporaryBeside(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            } catch (IOException e) {
                throw failure(target, e);
            }
            moveIntoPlace(tmp, target);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Creates a new, empty, hidden file in {@code target}'s directory (named {@code .NAME.RANDOM.tmp}) with the
     * umask's permissions, for callers whose writer needs a path; pair it with {@link #moveIntoPlace}.
     */
    public static Path createTemporaryBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + target + ": " + e.getFile() + " is a file, not a directory", e);
        } catch (IOException e) {
            throw failure(target, e);
        }
        try {
            for (int attempt = 0;; attempt++) {
                Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(NAMES.nextLong(), 36)
                        + ".tmp");
                try {
                    FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                    return tmp;
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 100) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    /** Renames {@code tmp} over {@code target}: atomically where the file system can, else a plain replace. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    /** The exception, reworded to name the target rather than the temporary file. */
    private static IOException failure(Path target, IOException e) {
        Path dir = target.toAbsolutePath().getParent();
        String reason;
        if (Files.isDirectory(target)) {
            reason = "it is a directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied (the directory " + dir + " is not writable by this user)";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new IOException("cannot write " + target + ": " + reason, e);
    }
}
