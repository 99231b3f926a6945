namespace QueryAudit.Reports.Layout;

/// <summary>
/// The kinds of structure element a tagged PDF gets, named after the standard structure types (H1, P, Table, TR, TH, TD, Figure).
/// </summary>
internal enum StructureKind
{
    Heading1,
    Heading2,
    Heading3,
    Paragraph,
    Table,
    TableRow,
    TableHeaderCell,
    TableDataCell,
    Figure,
}

/// <summary>
/// One element of the document's logical structure (a heading, a paragraph, a table cell, a chart). Drawing
/// operations that belong to it point to it; operations without one (fills, rules, footers) are artifacts.
/// Elements never span pages: content that continues on the next page gets a new element there.
/// </summary>
internal sealed class StructureNode
{
    public StructureNode(StructureKind kind, StructureNode? parent = null, string? altText = null)
    {
        Kind = kind;
        Parent = parent;
        AltText = altText;
    }

    public StructureKind Kind { get; }

    public StructureNode? Parent { get; }

    /// <summary>Alternative text of a figure, read out instead of its drawing.</summary>
    public string? AltText { get; }

    /// <summary>Returns this node's ancestors and itself, outermost first.</summary>
    public List<StructureNode> Path()
    {
        List<StructureNode> path = [];
        for (StructureNode? node = this; node is not null; node = node.Parent)
        {
            path.Add(node);
        }

        path.Reverse();
        return path;
    }
}
