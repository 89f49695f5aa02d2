package lab.util;

/** Named exit codes shared by every command: 0 ok, 1 failure, 2 usage or bad input. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** A run stopped by SIGTERM / Ctrl-C after saving a checkpoint (128 + SIGTERM). */
    public static final int INTERRUPTED = 143;

    private ExitCodes() {}
}
