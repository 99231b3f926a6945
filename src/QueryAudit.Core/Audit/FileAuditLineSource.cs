using System.Text.RegularExpressions;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Reads one audit log file, plain or gzip (told by the gzip magic bytes, not by the extension), as a stream:
/// memory stays bounded by the maximum line length whatever the file size.
/// </summary>
/// <remarks>
/// Lines are numbered from 1 and <see cref="SourcePosition.Source"/> is the path as given. The instance of each
/// line is <see cref="AuditFileSourceOptions.Instance"/> when set, else the <c>&lt;instance&gt;</c> of a file named
/// <c>&lt;instance&gt;.audit.log[.N][.gz]</c>, else left to the parser (the <c>serverhost</c> field).
/// </remarks>
public sealed partial class FileAuditLineSource : IAuditLineSource
{
    private const int FileBufferBytes = 64 * 1024;

    private readonly AuditFileSourceOptions _options;

    /// <summary>Creates a source for <paramref name="path"/>; the file is opened when reading starts.</summary>
    public FileAuditLineSource(string path, AuditFileSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _options = options ?? new AuditFileSourceOptions();
        Instance = _options.Instance ?? InstanceFromFileName(path);
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>The instance given to every line, or null when the parser takes it from <c>serverhost</c>.</summary>
    public string? Instance { get; }

    /// <inheritdoc />
    public string Name => Path;

    /// <inheritdoc />
    /// <exception cref="AuditInputException">The file cannot be opened or its gzip content is damaged.</exception>
    public IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken)
    {
        ContentDigest = null;
        Action<AuditContentDigest>? digested = DigestsContent ? digest => ContentDigest = digest : null;
        return StreamAuditLineReading.ReadLinesAsync(Open, Path, Instance, _options, cancellationToken, Skip, digested);
    }

    /// <summary>The repeated start of the file that reading skips; null reads the whole file.</summary>
    public ContentOverlap? Skip { get; private init; }

    /// <summary>
    /// The file's digest, computed from the bytes read, once <see cref="ReadLinesAsync"/> has read the content to its end
    /// (a gzip file cut short included); null before that, after an error that stopped the reading earlier (a damaged
    /// gzip file, a failed read), and for a source not made by <see cref="WithContentDigest"/>.
    /// </summary>
    public AuditContentDigest? ContentDigest { get; private set; }

    // True when reading computes ContentDigest.
    private bool DigestsContent { get; init; }

    /// <summary>
    /// Returns a source for the same file, read from its start, that also computes the file's
    /// <see cref="AuditContentDigest"/> from the bytes it reads (<see cref="ContentDigest"/>), so that the file is read,
    /// and for gzip decompressed, once for the lines and the hashes.
    /// </summary>
    public FileAuditLineSource WithContentDigest() => new(Path, _options) { DigestsContent = true };

    /// <summary>
    /// Returns a source for the same file that starts after <paramref name="overlap"/>: the repeated lines are not
    /// read, and the lines after them keep their numbers in the file.
    /// </summary>
    public FileAuditLineSource After(ContentOverlap overlap)
    {
        ArgumentNullException.ThrowIfNull(overlap);
        return new FileAuditLineSource(Path, _options) { Skip = overlap };
    }

    /// <summary>
    /// Returns the instance part of a file name <c>&lt;instance&gt;.audit.log</c>, optionally followed by a rotation
    /// number and <c>.gz</c>; null for other names.
    /// </summary>
    public static string? InstanceFromFileName(string path)
    {
        Match match = InstanceFileName().Match(System.IO.Path.GetFileName(path));
        return match.Success ? match.Groups["instance"].Value : null;
    }

    private FileStream Open()
    {
        try
        {
            return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileBufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AuditInputException(Path, $"Failed to open audit log '{Path}': {exception.Message} Check that the file exists and is readable.", exception);
        }
    }

    [GeneratedRegex(@"^(?<instance>.+)\.audit\.log(\.\d+)?(\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceFileName();
}
