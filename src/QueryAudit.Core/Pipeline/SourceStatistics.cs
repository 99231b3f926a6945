using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Pipeline;

/// <summary>
/// What was read from one source.
/// </summary>
public sealed class SourceStatistics(string name)
{
    /// <summary>The source's name: a path, <c>s3://...</c> or <c>cloudwatch:...</c>.</summary>
    public string Name { get; } = name;

    public long Lines { get; set; }

    public long Events { get; set; }

    public long Unparsed { get; set; }

    /// <summary>
    /// The number of the last line read, or 0 before the first. It exceeds <see cref="Lines"/> when the source skipped
    /// its first lines as a repeat of another input.
    /// </summary>
    public long LastLine { get; set; }

    /// <summary>The number of the last line that was quarantined, or 0 when none was.</summary>
    public long LastUnparsedLine { get; set; }

    /// <summary>Layouts seen in the source (normally one).</summary>
    public SortedSet<AuditLogFormat> Formats { get; } = [];
}
