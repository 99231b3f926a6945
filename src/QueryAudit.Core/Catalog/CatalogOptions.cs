using QueryAudit.Core.Policy;
using QueryAudit.Sql;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Settings for loading an approved catalog.
/// </summary>
public sealed record CatalogOptions
{
    /// <summary>Default options: folders <c>migrations</c> and <c>operations</c>, a 7-day maximum operation window, git provenance on.</summary>
    public static CatalogOptions Default { get; } = new();

    /// <summary>Folder below the catalog root holding migrations, searched recursively. Default <c>migrations</c>.</summary>
    public string MigrationsFolder { get; init; } = "migrations";

    /// <summary>Folder below the catalog root holding operation scripts, searched recursively. Default <c>operations</c>.</summary>
    public string OperationsFolder { get; init; } = "operations";

    /// <summary>
    /// Lexer and normaliser settings, chiefly the server version that decides which <c>/*!NNNNN ... */</c> comments count.
    /// The log byte limit is ignored for scripts, because script text is never cut. Default <see cref="SqlNormalizerOptions.Default"/>.
    /// </summary>
    public SqlNormalizerOptions SqlOptions { get; init; } = SqlNormalizerOptions.Default;

    /// <summary>Longest execution window a header may give (policy key <c>max-operation-window</c>). Default 7 days; null means no maximum.</summary>
    public TimeSpan? MaxOperationWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// People who may approve or triage, mapped to their own database accounts (policy key <c>reviewers</c>). An approver
    /// whose account is among a script's executors is rejected. Names and accounts compare ignoring case. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Reviewers { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Clock for rejecting an <c>approved-at</c> in the future. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Whether to read provenance with the <c>git</c> command when the catalog is inside a git work tree. Default true.</summary>
    public bool ReadGitProvenance { get; init; } = true;

    /// <summary>The git executable, a name on PATH or a full path. Default <c>git</c>.</summary>
    public string GitExecutable { get; init; } = "git";

    /// <summary>
    /// Returns options that take the server version, maximum operation window and reviewers from
    /// <paramref name="policy"/>, and every other setting from the defaults.
    /// </summary>
    public static CatalogOptions FromPolicy(AuditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);

        Dictionary<string, IReadOnlyList<string>> reviewers = new(StringComparer.OrdinalIgnoreCase);
        foreach (Reviewer reviewer in policy.Reviewers)
        {
            reviewers[reviewer.Name] = reviewer.Accounts;
        }

        return new CatalogOptions
        {
            SqlOptions = SqlNormalizerOptions.Default with { ServerVersion = policy.ServerVersion },
            MaxOperationWindow = policy.MaxOperationWindow,
            Reviewers = reviewers,
        };
    }
}
