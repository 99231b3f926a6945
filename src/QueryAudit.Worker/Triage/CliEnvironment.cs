namespace QueryAudit.Worker.Triage;

/// <summary>
/// What the triage commands read and write besides the store: the console streams, the clock and environment
/// variables. Tests pass their own; <see cref="System"/> is the real process.
/// </summary>
internal sealed record CliEnvironment
{
    /// <summary>The process's console, wall clock and environment.</summary>
    public static CliEnvironment System { get; } = new()
    {
        Input = Console.In,
        Output = Console.Out,
        Error = Console.Error,
        Time = TimeProvider.System,
        GetVariable = Environment.GetEnvironmentVariable,
        InputIsTerminal = !Console.IsInputRedirected,
        OutputWidth = ConsoleWidth(),
    };

    public required TextReader Input { get; init; }

    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard output for text a person reads, with control characters from logged data escaped.</summary>
    public TextWriter TextOutput => new TerminalSafeWriter(Output);

    /// <summary>Standard error for text a person reads, with control characters from logged data escaped.</summary>
    public TextWriter TextError => new TerminalSafeWriter(Error);

    public required TimeProvider Time { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>True when a person can answer a confirmation prompt.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Characters per line for tables. Default 160, used when output goes to a file or pipe.</summary>
    public int OutputWidth { get; init; } = 160;

    private static int ConsoleWidth()
    {
        if (Console.IsOutputRedirected)
        {
            return 160;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 160;
        }
        catch (IOException)
        {
            // No console attached (a service or a detached process).
            return 160;
        }
    }
}
