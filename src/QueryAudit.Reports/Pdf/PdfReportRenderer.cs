using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Writes <c>report.pdf</c>, the monthly report for auditors, in English or Japanese. The same model and options
/// always give the same bytes: document dates come from <c>ReportHeader.GeneratedAt</c>, and the document id and
/// font subset tags are derived from the content.
/// </summary>
public sealed class PdfReportRenderer : IReportRenderer
{
    private readonly PdfReportOptions options;

    public PdfReportRenderer()
        : this(new PdfReportOptions())
    {
    }

    public PdfReportRenderer(PdfReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Language is { } language && !ReportText.Languages.Contains(language))
        {
            throw new ArgumentException($"The report language '{language}' is not supported; use one of: {string.Join(", ", ReportText.Languages)}.", nameof(options));
        }

        this.options = options;
    }

    public string FileName => "report.pdf";

    /// <summary>Number of pages of the last rendered report, for logs and benchmarks.</summary>
    public int LastPageCount { get; private set; }

    public async Task RenderAsync(ReportModel model, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);

        byte[] pdf = Render(model);
        await output.WriteAsync(pdf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renders the report to bytes.</summary>
    public byte[] Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);

        ReportText text = ReportText.For(options.Language ?? model.Header.Language);
        using PdfTextMeasurer measurer = new();
        IReadOnlyList<LaidOutPage> pages = ReportLayout.Build(model, text, measurer, options);

        using PdfDocument document = new();
        byte[] documentId = SetDocumentInfo(document, model, text);
        new PdfPainter().Paint(document, PageGeometry.A4, pages, options.Tagged ? text.Language : null);

        using MemoryStream stream = new();
        document.Save(stream, closeStream: false);
        byte[] bytes = stream.ToArray();
        PdfDeterminism.NormalizeSubsetTags(bytes);
        PdfDeterminism.NormalizeXmpUuids(bytes, documentId);
        LastPageCount = pages.Count;
        return bytes;
    }

    /// <summary>Sets title, author, dates and the trailer id; returns the id's bytes.</summary>
    private static byte[] SetDocumentInfo(PdfDocument document, ReportModel model, ReportText text)
    {
        ReportHeader header = model.Header;
        ReportClock clock = new(header.TimeZone, text);
        string period = clock.PeriodName(header.PeriodStart, header.PeriodEnd);

        document.Info.Title = text["cover.title"] + " " + period;
        document.Info.Subject = text.Format("footer.left", text["cover.title"], period, header.ReportId);
        document.Info.Author = header.Organisation;
        document.Info.Creator = "QueryAudit " + header.ToolVersion;
        document.Info.CreationDate = header.GeneratedAt.UtcDateTime;
        document.Info.ModificationDate = header.GeneratedAt.UtcDateTime;
        document.Options.CompressContentStreams = true;

        // The trailer /ID is random unless set. Derive it from what identifies this report and its language.
        byte[] id = SHA256.HashData(Encoding.UTF8.GetBytes($"{header.ReportId}\n{text.Language}\n{header.GeneratedAt:O}"));
        string documentId = Encoding.Latin1.GetString(id, 0, 16);
        document.Internals.FirstDocumentID = documentId;
        document.Internals.SecondDocumentID = documentId;
        return id[..16];
    }
}
