using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Scope of one reconciliation run.
/// </summary>
public sealed record ReconcileOptions
{
    /// <summary>Inclusive start of the period, UTC.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Exclusive end of the period, UTC.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Cluster the inputs come from, checked against script targets; null when unknown (target clusters are then not checked).</summary>
    public string? Cluster { get; init; }

    /// <summary>Normaliser settings (server version, SQL modes, log byte limit).</summary>
    public SqlNormalizerOptions Sql { get; init; } = SqlNormalizerOptions.Default;
}
