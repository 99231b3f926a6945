using System.CommandLine;
using Microsoft.Extensions.Time.Testing;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Triage;

namespace QueryAudit.Worker.Tests.Triage;

/// <summary>
/// Runs the findings and trail commands in process with captured output, a fake clock and chosen environment variables.
/// </summary>
internal sealed class TriageCli(FakeTimeProvider time)
{
    public StringWriter Output { get; private set; } = new();

    public StringWriter Error { get; private set; } = new();

    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>What a person types at the confirmation prompt; null when input is not a terminal.</summary>
    public string? TerminalInput { get; set; }

    public async Task<int> RunAsync(params string[] args)
    {
        Output = new StringWriter();
        Error = new StringWriter();
        CliEnvironment environment = new()
        {
            Input = new StringReader(TerminalInput ?? ""),
            Output = Output,
            Error = Error,
            Time = time,
            GetVariable = name => Variables.GetValueOrDefault(name),
            InputIsTerminal = TerminalInput is not null,
            OutputWidth = 200,
        };
        RootCommand root = new("test");
        root.Subcommands.Add(FindingsCommand.Create(environment));
        root.Subcommands.Add(TrailCommand.Create(environment));
        CommandLineErrors.GuardValidators(root);

        // As Program does: an invalid command line is exit code 2, before any command runs.
        ParseResult parsed = root.Parse(args);
        if (await CommandLineErrors.WriteErrorsAsync(parsed, Error, "Run 'queryaudit COMMAND --help' for the options."))
        {
            return Program.UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = Output, Error = Error });
    }
}
