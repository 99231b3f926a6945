namespace QueryAudit.Core.Pipeline;

/// <summary>
/// A progress snapshot of a pipeline run.
/// </summary>
/// <param name="Source">The source being read.</param>
/// <param name="Lines">Lines read so far over all sources.</param>
/// <param name="Unparsed">Unparsed lines so far.</param>
public readonly record struct PipelineProgress(string Source, long Lines, long Unparsed);
