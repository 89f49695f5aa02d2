package lab.corpus.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import lab.util.ExitCodes;
import picocli.CommandLine;

/**
 * Runs a command through picocli with the same error mapping as lab.cli.Lab (which lives in the
 * scaling module): IllegalArgumentException and parameter errors exit 2, other exceptions 1.
 */
final class CliHarness {
    record Run(int exitCode, String out, String err) {}

    private CliHarness() {}

    static Run run(Object command, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var errWriter = new java.io.PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cli = new CommandLine(command);
            cli.setErr(errWriter);
            cli.setExecutionExceptionHandler((e, line, parsed) -> {
                line.getErr().println("lab: " + e.getMessage());
                return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILURE;
            });
            cli.setParameterExceptionHandler((e, a) -> {
                e.getCommandLine().getErr().println("lab: " + e.getMessage());
                return ExitCodes.USAGE;
            });
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
