package lab.util;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one mapping from exceptions to exit codes and messages, shared by `lab` (lab.cli.Lab) and
 * the CLI tests: IllegalArgumentException and parameter errors are bad input (exit 2), anything
 * else a failure (exit 1); either way one line "lab: message" on stderr, plus the stack trace when
 * {@code --stacktrace} is given anywhere on the command line.
 */
public final class Cli {
    public static final String STACKTRACE = "--stacktrace";

    private Cli() {}

    /** Installs both handlers, and an inherited {@code --stacktrace} unless the root already declares one. */
    public static CommandLine configure(CommandLine cli) {
        var spec = cli.getCommandSpec();
        if (spec.findOption(STACKTRACE) == null) {
            spec.addOption(OptionSpec.builder(STACKTRACE).scopeType(CommandLine.ScopeType.INHERIT)
                    .description("Print the full stack trace of an error.").build());
        }
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (stacktraceWanted(parsed)) {
                e.printStackTrace(err);
            }
            err.println("lab: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            boolean badInput = e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException;
            return badInput ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("lab: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    /** Whether --stacktrace was matched by the root or any subcommand on the way to the one that failed. */
    static boolean stacktraceWanted(ParseResult parsed) {
        if (parsed.originalArgs().contains(STACKTRACE)) {
            return true;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(STACKTRACE)) {
                return true;
            }
        }
        return false;
    }
}
