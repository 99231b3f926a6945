namespace QueryAudit.Core.Reporting;

/// <summary>
/// Writes a <see cref="ReportModel"/> in one output format (PDF, CSV, JSON).
/// </summary>
public interface IReportRenderer
{
    /// <summary>File name of the output inside the report folder, e.g. <c>report.pdf</c>.</summary>
    string FileName { get; }

    /// <summary>Renders the model. The same model must always give the same bytes.</summary>
    Task RenderAsync(ReportModel model, Stream output, CancellationToken cancellationToken);
}
