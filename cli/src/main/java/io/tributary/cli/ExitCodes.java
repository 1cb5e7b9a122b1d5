package io.tributary.cli;

/** The exit codes of {@code tributary}, which scripts may rely on. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The cluster answered but the operation failed (unknown topic, refused config, ...). */
    public static final int FAILED = 1;
    /** Bad command line: unknown command or option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** The cluster could not be reached (nothing listening, or no answer within the timeout). */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {}
}
