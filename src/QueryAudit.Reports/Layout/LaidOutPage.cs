namespace QueryAudit.Reports.Layout;

/// <summary>
/// The drawing instructions of one page, in drawing order.
/// </summary>
internal sealed class LaidOutPage
{
    public List<DrawOp> Ops { get; } = [];

    /// <summary>Texts drawn with a role, in order; what the page shows to a reader who extracts text.</summary>
    public IEnumerable<TextOp> Texts => Ops.OfType<TextOp>();
}
