package org.jgrad.examples.cli;

import picocli.CommandLine;

/** The {@code --delimiter} option of train and predict: one character, or {@code tab} (or {@code \t}). */
final class Delimiters {
    private Delimiters() {
    }

    /**
     * The delimiter {@code value} names; a comma when it is null.
     *
     * @throws CommandLine.ParameterException for anything but one character, {@code tab} or a backslash-t
     */
    static char parse(CommandLine commandLine, String value) {
        if (value == null) {
            return ',';
        }
        if (value.equals("tab") || value.equals("\\t")) {
            return '\t';
        }
        if (value.length() != 1 || value.equals("\"") || value.equals("\n") || value.equals("\r")) {
            throw new CommandLine.ParameterException(commandLine, "--delimiter must be one character (such as ; or "
                    + "|) or tab, and not a quote or a line break, got '" + value + "'");
        }
        return value.charAt(0);
    }
}
