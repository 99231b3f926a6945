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

    /// <summary>Layouts seen in the source (normally one).</summary>
    public SortedSet<AuditLogFormat> Formats { get; } = [];
}
