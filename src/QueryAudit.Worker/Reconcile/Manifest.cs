using System.Text.Json.Serialization;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// <c>manifest.json</c>: what went into a report folder and the SHA-256 of everything in it, so that
/// <c>queryaudit verify</c> (or <c>sha256sum</c>) can show the files were not altered.
/// </summary>
internal sealed record Manifest
{
    public int ManifestVersion { get; init; } = 1;

    public required string Tool { get; init; }

    public required string ToolVersion { get; init; }

    public required string ReportId { get; init; }

    public required ManifestPeriod Period { get; init; }

    public required ManifestCatalog Catalog { get; init; }

    public required ManifestFile Policy { get; init; }

    public required IReadOnlyList<ManifestInput> Inputs { get; init; }

    public required IReadOnlyList<ManifestFile> Outputs { get; init; }

    /// <summary>The fonts embedded in the PDF, so that a regenerated report can be shown to use the same outlines.</summary>
    public IReadOnlyList<ManifestFile> Fonts { get; init; } = [];

    /// <summary>Cloud sources read, with the interval read and the events delivered (files are listed under inputs).</summary>
    public IReadOnlyList<ManifestSourceRange> SourceRanges { get; init; } = [];

    public required ManifestCounts Counts { get; init; }
}

internal sealed record ManifestPeriod(string Label, string TimeZone, DateTimeOffset StartUtc, DateTimeOffset EndUtc);

internal sealed record ManifestCatalog(string Path, string ContentHash, string? Commit, int Scripts, int Statements);

internal sealed record ManifestFile(string Path, string Sha256, long Bytes);

internal sealed record ManifestInput(string Path, string Sha256, long Bytes, long Lines, long Events, long Unparsed, string Format, bool Duplicate);

internal sealed record ManifestSourceRange(string Source, DateTimeOffset FromUtc, DateTimeOffset ToUtc, long Lines, long Events, long Unparsed);

internal sealed record ManifestCounts(long Events, long Statements, long ApprovedExecutions, long Findings, long UnparsedLines, long DuplicatesRemoved);

/// <summary>
/// Source-generated JSON settings for the manifest: indented, camelCase, stable property order.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Manifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
