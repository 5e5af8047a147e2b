package org.jgrad.examples.cli;

import org.jgrad.models.data.CsvReader;
import picocli.CommandLine;

/** The {@code --delimiter} option of train and predict: one character, or {@code tab} (or {@code \t}). */
final class Delimiters {
    private Delimiters() {
    }

    /**
     * The delimiter {@code value} names; {@link CsvReader#DETECT} when it is null (a tab, a semicolon or a comma,
     * detected from the file's first line).
     *
     * @throws CommandLine.ParameterException for anything but one character, {@code tab} or a backslash-t, and for a
     *     character that would split numbers (a digit, {@code .}, {@code -}, {@code +}, {@code e} or {@code E})
     */
    static char parse(CommandLine commandLine, String value) {
        if (value == null) {
            return CsvReader.DETECT;
        }
        if (value.equals("tab") || value.equals("\\t")) {
            return '\t';
        }
        if (value.length() != 1 || value.equals("\"") || value.equals("\n") || value.equals("\r")
                || value.charAt(0) == CsvReader.DETECT) {
            throw new CommandLine.ParameterException(commandLine, "--delimiter must be one character (such as ; or "
                    + "|) or tab, and not a quote or a line break, got '" + value + "'");
        }
        char d = value.charAt(0);
        if (Character.isDigit(d) || ".-+eE".indexOf(d) >= 0) {
            throw new CommandLine.ParameterException(commandLine, "--delimiter '" + value + "' would split numbers; "
                    + "expected a character such as ;, | or tab");
        }
        return d;
    }
}
