namespace QueryAudit.Fingerprint;

/// <summary>
/// The command line of <c>queryaudit-fingerprint [FILE] [--split] [--exact]</c>, parsed as GNU tools parse theirs:
/// options and the file come in any order, <c>--</c> ends the options, <c>-</c> is standard input, and no option takes
/// a value.
/// </summary>
internal sealed record FingerprintArguments
{
    /// <summary>The file of SQL statements as given, or null when omitted. Null and <c>-</c> mean standard input.</summary>
    public string? File { get; private init; }

    public bool Split { get; private init; }

    public bool Exact { get; private init; }

    public bool Help { get; private init; }

    public bool Version { get; private init; }

    /// <summary>The usage error (exit code 2) as one sentence without the "error: " prefix, or null when the command line is valid.</summary>
    public string? Error { get; private init; }

    /// <summary>
    /// Parses <paramref name="args"/> and reports the first usage error. Without an error, <c>--help</c> wins over
    /// everything else, and <c>--version</c> must come alone. An argument such as <c>@FILE</c> is a file name, not a
    /// response file.
    /// </summary>
    public static FingerprintArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? file = null;
        bool split = false;
        bool exact = false;
        bool help = false;
        bool version = false;
        bool optionsEnded = false;
        foreach (string arg in args)
        {
            bool isOption = !optionsEnded && arg.Length > 1 && arg[0] == '-';
            if (isOption && arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (!isOption)
            {
                string? error = arg.Length == 0
                    ? "the file name is empty (''). Give a file of SQL statements, or '-' for standard input."
                    : file is not null
                        ? $"unexpected argument '{arg}' after the file '{file}'. Give one file, or '-' for standard input."
                        : null;
                if (error is not null)
                {
                    return new FingerprintArguments { Error = error };
                }

                file = arg;
                continue;
            }

            switch (arg)
            {
                case "--split":
                    split = true;
                    break;
                case "--exact":
                    exact = true;
                    break;
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                default:
                    return new FingerprintArguments { Error = DescribeUnknownOption(arg) };
            }
        }

        if (!help && version && args.Count > 1)
        {
            return new FingerprintArguments { Error = "--version cannot be combined with other arguments. Give --version alone." };
        }

        return new FingerprintArguments { File = file, Split = split, Exact = exact, Help = help, Version = version };
    }

    private static string DescribeUnknownOption(string arg)
    {
        int equals = arg.IndexOfAny(['=', ':']);
        string name = equals > 0 ? arg[..equals] : arg;
        return name is "--split" or "--exact" or "--help" or "--version"
            ? $"invalid option '{arg}': {name} takes no value. Give {name} alone."
            : $"unknown option '{arg}'. Put '--' before a file name that starts with '-'.";
    }
}
