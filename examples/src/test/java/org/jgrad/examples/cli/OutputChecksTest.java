package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs are checked before any training: each failure below comes at once (no "Cost after" line was printed) and
 * names the option, the path and the reason.
 */
class OutputChecksTest {
    @TempDir
    Path dir;

    private static TrainCommandTest.Result run(String... args) {
        return TrainCommandTest.run(args);
    }

    private void failsBeforeTraining(int code, String message, String... args) {
        TrainCommandTest.Result r = run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.out()).doesNotContain("Cost after");
        assertThat(r.err().lines().toList()).containsExactly(message);
    }

    @Test
    void aParentThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        for (String option : new String[] {"--save", "--plot", "--checkpoint"}) {
            Path out = file.resolve("sub").resolve(option.equals("--plot") ? "c.png" : "m.safetensors");
            failsBeforeTraining(1, "jgrad: " + option + " " + out + ": cannot write there: " + file
                    + " is a file, not a directory", "train", option, out.toString());
        }
    }

    @Test
    void graphOutputsAreCheckedBeforeTheTrace() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        for (String option : new String[] {"--dot", "--svg"}) {
            Path out = file.resolve("g." + option.substring(2));
            TrainCommandTest.Result r = run("graph", option, out.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).isEmpty(); // not even the forward values were printed
            assertThat(r.err().lines().toList()).containsExactly("jgrad: " + option + " " + out
                    + ": cannot write there: " + file + " is a file, not a directory");
        }
    }

    @Test
    void aDirectoryWhereTheFileShouldBe() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("m.safetensors"));
        failsBeforeTraining(1, "jgrad: --save " + sub + ": cannot write there: it is a directory", "train", "--save",
                sub.toString());
    }

    /** sysfs refuses new files even to root, so this holds whoever runs the tests. */
    @Test
    void aDirectoryThatRefusesFiles() {
        assumeThat(Path.of("/sys/kernel")).isDirectory();
        failsBeforeTraining(1, "jgrad: --save /sys/kernel/m.safetensors: cannot write there: /sys/kernel is not "
                + "writable (permission denied)", "train", "--save", "/sys/kernel/m.safetensors");
    }

    @Test
    void aReadOnlyDirectory() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root may write anywhere").isNotEqualTo("root");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        failsBeforeTraining(1, "jgrad: --save " + ro.resolve("m.safetensors") + ": cannot write there: " + ro
                + " is not writable (permission denied)", "train", "--save", ro.resolve("m.safetensors").toString());
    }

    @Test
    void anInputIsNeverOverwritten() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,9,0\n");
        failsBeforeTraining(2, "jgrad: --save " + train + " is the input file of --train; refusing to overwrite it "
                + "(see 'jgrad train --help')", "train", "--train", train.toString(), "--save", train.toString());
        // the same file by another name
        Path other = dir.resolve("x").resolve("..").resolve("train.csv");
        failsBeforeTraining(2, "jgrad: --checkpoint " + other + " is the input file of --train; refusing to "
                + "overwrite it (see 'jgrad train --help')", "train", "--train", train.toString(), "--checkpoint",
                other.toString());
        assertThat(Files.readString(train)).startsWith("1,2,0");
    }

    @Test
    void aPictureFormatNotWrittenIsAUsageError() {
        failsBeforeTraining(2, "jgrad: --plot cost.gif: a picture must end in .png, .jpg, .jpeg, .svg or .pdf (the "
                + "format to write), got .gif (see 'jgrad train --help')", "train", "--plot", "cost.gif");
        failsBeforeTraining(2, "jgrad: --plot cost: a picture must end in .png, .jpg, .jpeg, .svg or .pdf (the "
                + "format to write), got no extension (see 'jgrad train --help')", "train", "--plot", "cost");
    }

    @Test
    void missingDirectoriesAreCreatedAndThePlotPathIsPrinted() throws IOException {
        Path plot = dir.resolve("new").resolve("deeper").resolve("cost.svg");
        TrainCommandTest.Result r = run("train", "--epochs", "3", "--plot", plot.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Saved " + plot + "\n");
        assertThat(Files.readString(plot)).contains("<svg");
    }
}
