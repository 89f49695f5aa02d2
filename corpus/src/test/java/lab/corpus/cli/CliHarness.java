package lab.corpus.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import lab.util.Cli;
import picocli.CommandLine;

/**
 * Runs a command through picocli with the real error mapping of `lab` ({@link Cli#configure}, which
 * lab.cli.Lab uses too), capturing what the command prints through its CommandLine's out and err.
 */
final class CliHarness {
    record Run(int exitCode, String out, String err) {}

    private CliHarness() {}

    static Run run(Object command, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Cli.configure(new CommandLine(command));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
