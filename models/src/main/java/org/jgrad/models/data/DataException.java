package org.jgrad.models.data;

/** Bad input data: the message names the file, the place and what was expected and found. */
public class DataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }
}
