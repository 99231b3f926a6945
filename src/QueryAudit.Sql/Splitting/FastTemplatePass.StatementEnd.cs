using System.Runtime.CompilerServices;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Splitting;

/// <summary>
/// Where the fast pass ends a statement: at its first <c>;</c>, at the first <c>;</c> outside a compound body, or at a
/// custom delimiter, each as <see cref="StatementSplitter"/> finds it. <see cref="Run{TMode}"/> takes one of the modes
/// below as its type argument.
/// </summary>
internal ref partial struct FastTemplatePass
{
    /// <summary>The statement ends at its first <c>;</c>. A statement that may open a compound body is run again in <see cref="BodyMode"/>.</summary>
    private struct SemicolonMode;

    /// <summary>The statement ends at the first <c>;</c> outside a compound body, as a <see cref="CompoundBlockTracker"/> finds.</summary>
    private struct BodyMode;

    /// <summary>The statement ends at the custom delimiter, and <c>;</c> is an ordinary token.</summary>
    private struct CustomDelimiterMode;

    /// <summary>
    /// True when this pass may take statements that end at the custom <paramref name="delimiter"/>. The pass looks at the
    /// token after a word or a number to write it, and it cannot tell that token from the delimiter when the delimiter
    /// starts with <c>(</c> or <c>.</c>. It also rejects quotes in the delimiter and a lone <c>@</c>, <c>N</c>, <c>X</c> or
    /// <c>B</c>, so that wherever the delimiter starts a token, the token is one the splitter searches for it (not a
    /// string, a quoted name or <c>@'name'</c>), except a hint.
    /// </summary>
    public static bool AcceptsDelimiter(ReadOnlySpan<char> delimiter)
    {
        if (delimiter.IsEmpty || delimiter[0] is '(' or '.' || delimiter.IndexOfAny("'\"`") >= 0)
        {
            return false;
        }

        return delimiter.Length > 1 || delimiter[0] is not ('@' or 'N' or 'n' or 'X' or 'x' or 'B' or 'b');
    }

    /// <summary>Feeds a token to the compound block tracker in <see cref="BodyMode"/>, as the splitter does for every token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteBodyToken<TMode>(MySqlTokenKind kind, KeywordId id, bool isColon)
        where TMode : struct
    {
        if (typeof(TMode) == typeof(BodyMode))
        {
            blocks.Add(kind, id, isColon);
        }
    }

    /// <summary>
    /// True when the <c>:</c> at <paramref name="i"/>, not before <c>=</c>, is an operator as <see cref="MySqlLexer"/> reads
    /// it, such as a label's colon. Before a letter or <c>_</c>, and not right after a word character, it starts a
    /// <c>:name</c> placeholder.
    /// </summary>
    private readonly bool IsColonOperator(int i)
    {
        char next = i + 1 < source.Length ? source[i + 1] : '\0';
        return !(CharClasses.IsAsciiLetter(next) || next == '_') || (i > 0 && CharClasses.IsWordChar(source[i - 1]));
    }

    /// <summary>
    /// True when the custom delimiter starts at the token at <paramref name="i"/>, so the splitter ends the statement
    /// before it. A hint is the one token the splitter does not search that <see cref="AcceptsDelimiter"/> lets the
    /// delimiter start (other comments are not tokens). Finds the next delimiter first when the last one found lies before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool DelimiterStartsAt(int i)
    {
        if (delimiterAt < i)
        {
            int at = source[i..].IndexOf(delimiter);
            delimiterAt = at < 0 ? source.Length : i + at;
        }

        return delimiterAt == i && !IsHintAt(i);
    }

    /// <summary>True when a hint starts at the token start <paramref name="i"/>: <see cref="SkipTrivia"/> stops at no other <c>/*</c>.</summary>
    private readonly bool IsHintAt(int i) => source[i] == '/' && i + 1 < source.Length && source[i + 1] == '*';

    /// <summary>
    /// Returns the offset after the custom delimiter at <paramref name="at"/>, or 0 to give up in two cases. One is a
    /// statement without tokens inside an expanded <c>/*! ... */</c>: the splitter starts such a statement at the comment
    /// and writes an empty line for it. The other is a delimiter too close to the end of the text, which the splitter takes
    /// only at the end of the input (<see cref="StatementSplitter.CustomDelimiterMargin"/>). This pass cannot tell the end
    /// of the input from the end of a block.
    /// </summary>
    private readonly int EndAtDelimiter(int at, int tokens)
    {
        int end = at + delimiter.Length;
        bool unsure = (tokens == 0 && insideExecutableComment) || end + StatementSplitter.CustomDelimiterMargin > source.Length;
        return unsure ? 0 : end;
    }
}
