using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// Keeps every command-line mistake a usage error (exit 2) with a short message, for all commands at once.
/// </summary>
internal static partial class CommandLineErrors
{
    /// <summary>
    /// Wraps the validators of <paramref name="command"/> and its subcommands so that a validator which reads an option
    /// whose value did not convert (<c>--threads abc</c>) stops quietly instead of throwing out of <c>Parse</c>.
    /// </summary>
    /// <remarks>
    /// System.CommandLine 2.0.0 runs command validators even when an option's value failed to convert, and
    /// <c>GetValue</c> on that option throws <see cref="InvalidOperationException"/>. The conversion failure is
    /// already a parse error of its own, so the validator's remaining checks are skipped and that error is reported.
    /// </remarks>
    public static void GuardValidators(Command command)
    {
        for (int i = 0; i < command.Validators.Count; i++)
        {
            Action<CommandResult> validate = command.Validators[i];
            command.Validators[i] = result =>
            {
                try
                {
                    validate(result);
                }
                catch (InvalidOperationException) when (HasUnconvertibleValue(result))
                {
                    // The option's own conversion error is in ParseResult.Errors.
                }
            };
        }

        // Option validators meet the same exception when their own value failed to convert.
        foreach (Option option in command.Options)
        {
            for (int i = 0; i < option.Validators.Count; i++)
            {
                Action<OptionResult> validate = option.Validators[i];
                option.Validators[i] = result =>
                {
                    try
                    {
                        validate(result);
                    }
                    catch (InvalidOperationException) when (!Converts(result))
                    {
                        // The conversion error is in ParseResult.Errors.
                    }
                };
            }
        }

        foreach (Command subcommand in command.Subcommands)
        {
            GuardValidators(subcommand);
        }
    }

    /// <summary>
    /// Writes every parse error and unknown option of <paramref name="parsed"/> to <paramref name="errors"/>, then
    /// <paramref name="helpHint"/>, and returns true; returns false and writes nothing when the command line is valid.
    /// </summary>
    public static async Task<bool> WriteErrorsAsync(ParseResult parsed, TextWriter errors, string helpHint)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(errors);
        IReadOnlyList<string> unknownOptions = UnknownOptions(parsed);
        if (parsed.Errors.Count == 0 && unknownOptions.Count == 0)
        {
            return false;
        }

        foreach (ParseError error in parsed.Errors)
        {
            await errors.WriteLineAsync($"error: {Describe(error)}").ConfigureAwait(false);
        }

        foreach (string message in unknownOptions)
        {
            await errors.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        }

        if (parsed.Errors.Count > 0)
        {
            // An unknown option's message already names the command's --help.
            await errors.WriteLineAsync(helpHint).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Rewords the parser's conversion error, which names a .NET type, as the option, the value and the expected form.
    /// </summary>
    public static string Describe(ParseError error)
    {
        Match match = ConversionError().Match(error.Message);
        if (!match.Success)
        {
            return error.Message;
        }

        string expected = match.Groups["type"].Value switch
        {
            string type when type.Contains("Int32", StringComparison.Ordinal) => $"a whole number up to {int.MaxValue}",
            string type when type.Contains("Int64", StringComparison.Ordinal) => $"a whole number up to {long.MaxValue}",
            string type when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal)
                => "a number",
            string type => $"a value of type {type}",
        };
        return $"invalid value '{match.Groups["value"].Value}' for {match.Groups["option"].Value}: expected {expected}.";
    }

    /// <summary>
    /// Returns one message per command argument that starts with <c>-</c> and is not <c>-</c> alone (standard input): the
    /// parser takes an unknown option such as <c>fingerprint --bogus</c> or <c>fingerprint -x</c> as a file name.
    /// Arguments after a lone <c>--</c> are values, as usual.
    /// </summary>
    public static IReadOnlyList<string> UnknownOptions(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        int doubleDash = parsed.Tokens.ToList().FindIndex(token => token.Type == TokenType.DoubleDash);
        List<string> messages = [];
        for (SymbolResult? result = parsed.CommandResult; result is not null; result = result.Parent)
        {
            if (result is not CommandResult command)
            {
                continue;
            }

            foreach (ArgumentResult argument in command.Children.OfType<ArgumentResult>())
            {
                foreach (Token token in argument.Tokens)
                {
                    bool afterDoubleDash = doubleDash >= 0 && parsed.Tokens.ToList().IndexOf(token) > doubleDash;
                    if (token.Value.StartsWith('-') && token.Value.Length > 1 && !afterDoubleDash)
                    {
                        messages.Add($"Unknown option '{token.Value}'; run '{CommandPath(command)} --help' for the options, or put '--' before a file name that starts with '-'.");
                    }
                }
            }
        }

        return messages;
    }

    private static string CommandPath(CommandResult command)
    {
        List<string> names = [];
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: var symbol })
            {
                names.Insert(0, symbol is RootCommand ? RootName(symbol) : symbol.Name);
            }
        }

        return string.Join(' ', names);
    }

    // A RootCommand is named after the executable file, which is the test host when run in process, so the name
    // comes from the kind of root: only queryaudit's root has subcommands.
    private static string RootName(Command root) =>
        root.Subcommands.Count > 0 ? "queryaudit" : "queryaudit-fingerprint";

    private static bool HasUnconvertibleValue(CommandResult result)
    {
        foreach (SymbolResult child in result.Children)
        {
            if (child is OptionResult option && !option.Implicit && !Converts(option))
            {
                return true;
            }

            if (child is ArgumentResult argument && !Converts(argument))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Converts(OptionResult option)
    {
        try
        {
            _ = option.GetValueOrDefault<object?>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Converts(ArgumentResult argument)
    {
        try
        {
            _ = argument.GetValueOrDefault<object?>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // System.CommandLine 2.0.0's wording: Cannot parse argument 'abc' for option '--threads' as expected type 'System.Nullable`1[System.Int32]'.
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionError();
}
