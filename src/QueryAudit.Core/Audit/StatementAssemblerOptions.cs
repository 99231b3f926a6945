namespace QueryAudit.Core.Audit;

/// <summary>
/// Settings of <see cref="StatementAssembler"/>.
/// </summary>
public sealed record StatementAssemblerOptions
{
    /// <summary>
    /// How far an instance's clock (its latest timestamp so far) must pass the last record of a held statement or
    /// table group before the assembler stops waiting for more of its records. Default 60 seconds. It bounds
    /// memory by time and must exceed the reordering within one log; MariaDB timestamps step back by about a
    /// second at times.
    /// </summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Most table groups without their QUERY record that one connection may hold; above it the oldest is emitted as
    /// an orphan. Default 64. A connection normally has one such group per stored program being called (its QUERY
    /// record is written when the call ends), so this bounds memory when QUERY records are filtered out of the log.
    /// </summary>
    public int MaxHeldGroupsPerConnection { get; init; } = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (Horizon <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Horizon is {Horizon}; set it to a positive time span (default 60 seconds).");
        }

        if (MaxHeldGroupsPerConnection < 1)
        {
            throw new ArgumentException($"MaxHeldGroupsPerConnection is {MaxHeldGroupsPerConnection}; set it to at least 1 (default 64).");
        }
    }
}
