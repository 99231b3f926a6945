using System.CommandLine;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Storage;
using QueryAudit.Storage.Sqlite;

namespace QueryAudit.Worker.Triage;

/// <summary>
/// The options every triage command shares: where the store is, the policy, the reviewer and the display time zone.
/// A new instance per command, because an option belongs to one command.
/// </summary>
internal sealed class TriageSettings
{
    /// <summary>Environment variable with the store location when --store is not given.</summary>
    public const string StoreVariable = "QUERYAUDIT_STORE";

    /// <summary>Environment variable with the reviewer's name when --reviewer is not given.</summary>
    public const string ReviewerVariable = "QUERYAUDIT_REVIEWER";

    /// <summary>Environment variable with the policy file when --policy is not given.</summary>
    public const string PolicyVariable = "QUERYAUDIT_POLICY";

    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"State store: sqlite:PATH or mysql:CONNECTION-STRING. Default: ${StoreVariable}, else {StateStoreLocation.Default}.",
    };

    public Option<string?> Policy { get; } = new("--policy")
    {
        Description = $"Policy YAML file with the reviewers and time zone. Default: ${PolicyVariable}.",
    };

    public Option<string?> Reviewer { get; } = new("--reviewer")
    {
        Description = $"Your name as the policy's reviewers list it. Default: ${ReviewerVariable}.",
    };

    public Option<string?> TimeZone { get; } = new("--time-zone")
    {
        Description = "IANA time zone for --period and for printed times. Default: the policy's time-zone, else Asia/Tokyo.",
    };

    public TriageSettings()
    {
        Store.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } location && StateStoreLocation.Problem(location) is { } problem)
            {
                result.AddError("Invalid --store: " + problem);
            }
        });
        TimeZone.Validators.Add(result => FilterOptions.Check(result, () =>
        {
            try
            {
                ReportingPeriod.FindZone(result.GetValueOrDefault<string?>() ?? "");
            }
            catch (FormatException e)
            {
                throw new TriageException(e.Message, e);
            }
        }));
    }

    /// <summary>Adds the options to a command; the reviewer option only to commands that change something.</summary>
    public void AddTo(Command command, bool withReviewer)
    {
        command.Options.Add(Store);
        command.Options.Add(Policy);
        command.Options.Add(TimeZone);
        if (withReviewer)
        {
            command.Options.Add(Reviewer);
        }
    }

    /// <summary>Returns the store location from the option, the environment, or the default.</summary>
    public string StoreLocation(ParseResult parseResult, CliEnvironment environment) =>
        parseResult.GetValue(Store) ?? NonEmpty(environment.GetVariable(StoreVariable)) ?? StateStoreLocation.Default;

    public string? ReviewerName(ParseResult parseResult, CliEnvironment environment) =>
        parseResult.GetValue(Reviewer) ?? NonEmpty(environment.GetVariable(ReviewerVariable));

    /// <summary>Loads the policy named by the option or environment; null when neither names one.</summary>
    public AuditPolicy? LoadPolicy(ParseResult parseResult, CliEnvironment environment)
    {
        string? path = parseResult.GetValue(Policy) ?? NonEmpty(environment.GetVariable(PolicyVariable));
        return path is null ? null : PolicyLoader.Load(path);
    }

    /// <summary>Loads the policy, which commands that check the reviewer need.</summary>
    public AuditPolicy RequirePolicy(ParseResult parseResult, CliEnvironment environment) =>
        LoadPolicy(parseResult, environment)
        ?? throw new Core.Triage.TriageException($"The policy is needed to check the reviewer; pass --policy FILE or set {PolicyVariable}.");

    public string TimeZoneId(ParseResult parseResult, AuditPolicy? policy) =>
        parseResult.GetValue(TimeZone) ?? policy?.TimeZone ?? "Asia/Tokyo";

    /// <summary>
    /// Opens the store. A SQLite file must already exist: triage reads what reconcile wrote, and silently creating an
    /// empty store at a mistyped path would show no findings instead of an error.
    /// </summary>
    public static async Task<IStateStore> OpenStoreAsync(string location, TimeProvider time, CancellationToken cancellationToken)
    {
        // A QUERYAUDIT_STORE of the wrong form gets here; the --store option was checked when the line was parsed.
        if (StateStoreLocation.Problem(location) is { } problem)
        {
            throw new TriageException($"Invalid store location (--store or QUERYAUDIT_STORE): {problem}");
        }

        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            string path = Path.GetFullPath(location["sqlite:".Length..]);
            if (!File.Exists(path))
            {
                throw new Core.Triage.TriageException(
                    $"No store at {path}; run queryaudit reconcile --store sqlite:{location["sqlite:".Length..]} first, or pass --store with the right location.");
            }

            return await SqliteStateStore.OpenAsync(path, time, cancellationToken).ConfigureAwait(false);
        }

        return await StateStoreLocation.OpenAsync(location, time, cancellationToken).ConfigureAwait(false);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
