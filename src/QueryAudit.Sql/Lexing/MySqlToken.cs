namespace QueryAudit.Sql.Lexing;

/// <summary>
/// One token: its kind and where it sits in the lexed text (offsets in UTF-16 code units).
/// </summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Start">Offset of the token's first character.</param>
/// <param name="Length">Number of characters, delimiters and prefixes included.</param>
public readonly record struct MySqlToken(MySqlTokenKind Kind, int Start, int Length)
{
    /// <summary>Offset just past the token's last character.</summary>
    public int End => Start + Length;

    /// <summary>True for the three error kinds: a string, identifier or comment cut off by the end of the text.</summary>
    public bool IsUnterminated => Kind >= MySqlTokenKind.UnterminatedString;

    /// <summary>True for comments, which the normaliser drops (hints are not comments here).</summary>
    public bool IsComment => Kind is MySqlTokenKind.Comment or MySqlTokenKind.UnterminatedComment;
}
