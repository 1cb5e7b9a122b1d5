package io.tributary.cli;

/** A failure the CLI reports as one line (plus an optional hint) and an exit code, without a stack trace. */
public final class CliException extends RuntimeException {

    private final int exitCode;
    private final String hint;

    public CliException(int exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public CliException(int exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** An operation the cluster refused or that failed: exit 1. */
    public static CliException failed(String message, String hint) {
        return new CliException(ExitCodes.FAILED, message, hint);
    }

    public int exitCode() {
        return exitCode;
    }

    /** What to do about it, or null. */
    public String hint() {
        return hint;
    }
}
