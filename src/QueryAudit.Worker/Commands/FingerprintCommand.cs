using System.CommandLine;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit fingerprint [FILE] [--split] [--exact]</c>: prints the template (or exact form) of each statement, one per
/// line, like pt-fingerprint, so that a DBA can group statements or check what an approved script will be matched as.
/// The run itself is <see cref="FingerprintRunner"/>, which the native <c>queryaudit-fingerprint</c> shares.
/// </summary>
internal static class FingerprintCommand
{
    public static Command Create()
    {
        Command command = new("fingerprint", FingerprintHelpText.Description);
        Argument<string?> file = new("file")
        {
            Description = FingerprintHelpText.File,
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<bool> split = new("--split")
        {
            Description = FingerprintHelpText.Split,
        };
        Option<bool> exact = new("--exact")
        {
            Description = FingerprintHelpText.Exact,
        };
        file.Validators.Add(result =>
        {
            // FileStream would throw an ArgumentException with a stack trace for an empty path.
            if (result.GetValueOrDefault<string?>() is { Length: 0 })
            {
                result.AddError("The file name is empty (''). Give a file of SQL statements, or '-' for standard input.");
            }
        });
        command.Arguments.Add(file);
        command.Options.Add(split);
        command.Options.Add(exact);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(
            FingerprintRunner.RunToStandardOutput(parseResult.GetValue(file), parseResult.GetValue(split), parseResult.GetValue(exact), new StandardErrorWriter(), cancellationToken)));
        return command;
    }
}
