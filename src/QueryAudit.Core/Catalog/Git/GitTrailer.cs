namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// One trailer line of a commit message, such as <c>Approved-by: Kenji Suzuki &lt;k.suzuki@example.com&gt;</c>.
/// </summary>
/// <param name="Key">The trailer key as written, for example <c>Approved-by</c>.</param>
/// <param name="Value">Everything after the colon, trimmed.</param>
public sealed record GitTrailer(string Key, string Value)
{
    /// <summary>The person's name: the value without an e-mail in angle brackets.</summary>
    public string PersonName
    {
        get
        {
            int open = Value.IndexOf('<', StringComparison.Ordinal);
            return open > 0 ? Value[..open].Trim() : Value.Trim();
        }
    }

    /// <summary>The e-mail in angle brackets, or null when the value has none.</summary>
    public string? PersonEmail
    {
        get
        {
            int open = Value.IndexOf('<', StringComparison.Ordinal);
            int close = Value.LastIndexOf('>');
            return open >= 0 && close > open + 1 ? Value[(open + 1)..close].Trim() : null;
        }
    }
}
