package org.flotilla.datasets;

/**
 * Data that cannot be read or used as it is: a missing data set, a corrupt or truncated file, a
 * bad CSV row. The message is one sentence that names the file (and line, where there is one)
 * and says what is wrong and, where possible, what to do about it.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with an actionable message. */
    public DataException(String message) {
        super(message);
    }

    /** Creates the exception with an actionable message and the low-level cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
