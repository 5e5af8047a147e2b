package org.jgrad.models.io;

/** A model file that cannot be read or does not fit the model: the message says what was expected and found. */
public class ModelFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }
}
