using QueryAudit.Sql;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// One statement of an approved script, with its normalised form; its exact hash is the approval key.
/// </summary>
public sealed class CatalogStatement
{
    internal CatalogStatement(CatalogScript script, int index, int line, string text, NormalizedStatement normalized)
    {
        Script = script;
        Index = index;
        Line = line;
        Text = text;
        Normalized = normalized;
    }

    /// <summary>The script the statement belongs to.</summary>
    public CatalogScript Script { get; }

    /// <summary>1-based position of the statement in its script.</summary>
    public int Index { get; }

    /// <summary>1-based file line of the statement's first token.</summary>
    public int Line { get; }

    /// <summary>The statement as written, without its delimiter.</summary>
    public string Text { get; }

    /// <summary>Exact form, template, kind and hashes.</summary>
    public NormalizedStatement Normalized { get; }

    /// <summary>Lower-case hex SHA-256 of the exact form: the approval key.</summary>
    public string ExactHash => Normalized.ExactHash;

    public override string ToString() => $"{Script.RelativePath}#{Index}";
}
