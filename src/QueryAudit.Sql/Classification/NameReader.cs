using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Classification;

/// <summary>
/// Reads an object name (<c>name</c> or <c>schema.name</c>, quoted or not) from a statement's tokens.
/// </summary>
internal static class NameReader
{
    /// <summary>
    /// Reads a name starting at <paramref name="index"/>. Returns false when the token there is not a name (a reserved
    /// word, a literal, a parenthesis) or the name is a wildcard such as <c>db.*</c>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int index, out string name, out int next)
    {
        name = string.Empty;
        next = index;
        if (!IsNamePart(tokens, index, afterDot: false))
        {
            return false;
        }

        if (index + 2 < tokens.Length && tokens[index + 1].Kind == MySqlTokenKind.Dot)
        {
            if (!IsNamePart(tokens, index + 2, afterDot: true))
            {
                return false;
            }

            name = string.Concat(Part(text, tokens[index]), ".", Part(text, tokens[index + 2]));
            next = index + 3;
            return true;
        }

        name = new string(Part(text, tokens[index]));
        next = index + 1;
        return true;
    }

    /// <summary>Returns the decoded text of a word or quoted identifier token.</summary>
    public static string Decode(ReadOnlySpan<char> text, StatementToken token) => new(Part(text, token));

    private static bool IsNamePart(ReadOnlySpan<StatementToken> tokens, int index, bool afterDot)
    {
        if (index >= tokens.Length)
        {
            return false;
        }

        StatementToken token = tokens[index];
        return token.Kind == MySqlTokenKind.QuotedIdentifier
            || (token.Kind == MySqlTokenKind.Word && (afterDot || (token.Keyword.Flags & KeywordFlags.Reserved) == 0));
    }

    private static ReadOnlySpan<char> Part(ReadOnlySpan<char> text, StatementToken token)
    {
        ReadOnlySpan<char> raw = text.Slice(token.Token.Start, token.Token.Length);
        if (token.Kind != MySqlTokenKind.QuotedIdentifier)
        {
            return raw;
        }

        char quote = raw[0];
        ReadOnlySpan<char> content = raw[1..^1];
        return content.IndexOf(quote) < 0 ? content : StringLiteralCodec.DecodeIdentifier(content, quote);
    }
}
