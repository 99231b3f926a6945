namespace QueryAudit.Core.Audit;

/// <summary>
/// Reads audit lines from standard input (the command-line input <c>-</c>), plain or gzip.
/// </summary>
public sealed class StandardInputAuditLineSource : IAuditLineSource
{
    /// <summary>The name of standard input on the command line and in source positions.</summary>
    public const string InputName = "-";

    private readonly AuditFileSourceOptions _options;
    private readonly Func<Stream> _open;

    /// <summary>Creates a source over the process's standard input.</summary>
    public StandardInputAuditLineSource(AuditFileSourceOptions? options = null)
        : this(Console.OpenStandardInput, options)
    {
    }

    /// <summary>Creates a source over a stream that stands in for standard input (for tests and pipes).</summary>
    public StandardInputAuditLineSource(Func<Stream> open, AuditFileSourceOptions? options = null)
    {
        _open = open;
        _options = options ?? new AuditFileSourceOptions();
    }

    /// <inheritdoc />
    public string Name => InputName;

    /// <inheritdoc />
    public IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken) =>
        StreamAuditLineReading.ReadLinesAsync(_open, InputName, _options.Instance, _options, cancellationToken);
}
