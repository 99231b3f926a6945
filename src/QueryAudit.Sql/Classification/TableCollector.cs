using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Classification;

/// <summary>
/// Collects the tables (and views) a statement names: after FROM, JOIN, INSERT/REPLACE [INTO], UPDATE, TABLE, VIEW,
/// REFERENCES, TRUNCATE, DESCRIBE, and the ON of CREATE INDEX / TRIGGER and GRANT. Names of common table expressions are
/// left out. This reads keywords, not a parse tree, so an unusual statement may name a table it misses.
/// </summary>
internal ref struct TableCollector
{
    private readonly ReadOnlySpan<char> text;
    private readonly ReadOnlySpan<StatementToken> tokens;
    private List<string>? tables;
    private List<string>? commonTableNames;

    private TableCollector(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens)
    {
        this.text = text;
        this.tokens = tokens;
    }

    public static IReadOnlyList<string> Collect(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, StatementKind kind)
    {
        TableCollector collector = new(text, tokens);
        collector.Run(kind);
        return collector.tables is null ? [] : collector.tables;
    }

    private void Run(StatementKind kind)
    {
        int s = 0;
        while (s < tokens.Length && tokens[s].Kind == MySqlTokenKind.LeftParenthesis)
        {
            s++;
        }

        if (s >= tokens.Length || kind is StatementKind.Call or StatementKind.Transaction)
        {
            return;
        }

        switch (tokens[s].Id)
        {
            case KeywordId.Show:
                CollectShow(s);
                return;
            case KeywordId.Grant or KeywordId.Revoke:
                CollectGrant(s);
                return;
            case KeywordId.Describe or KeywordId.Desc or KeywordId.Explain:
                ReadName(s + 1, out _);
                break;
            case KeywordId.With:
                ReadCommonTableNames(s + 1);
                break;
            default:
                break;
        }

        if (kind == StatementKind.Dcl)
        {
            return;
        }

        CollectAll(s);
    }

    private void CollectAll(int s)
    {
        // One flag per open parenthesis: whether it opened a function call, where FROM is an argument keyword
        // (EXTRACT(YEAR FROM d), TRIM(x FROM y)) and not a table list.
        Span<bool> functionParentheses = stackalloc bool[64];
        int depth = 0;
        bool indexOrTrigger = false;
        for (int i = s; i < tokens.Length; i++)
        {
            StatementToken token = tokens[i];
            switch (token.Kind)
            {
                case MySqlTokenKind.LeftParenthesis:
                    if (depth < functionParentheses.Length)
                    {
                        functionParentheses[depth] = i > 0 && IsCallee(tokens[i - 1]);
                    }

                    depth++;
                    continue;
                case MySqlTokenKind.RightParenthesis:
                    depth = Math.Max(0, depth - 1);
                    continue;
                case MySqlTokenKind.Word:
                    break;
                default:
                    continue;
            }

            bool inFunction = depth > 0 && depth <= functionParentheses.Length && functionParentheses[depth - 1];
            KeywordId previous = i > 0 ? tokens[i - 1].Id : KeywordId.None;
            switch (token.Id)
            {
                case KeywordId.From when !inFunction:
                case KeywordId.Using when i + 1 < tokens.Length && tokens[i + 1].Kind != MySqlTokenKind.LeftParenthesis
                    && tokens[s].Is(KeywordId.Delete):
                case KeywordId.Update when previous is not (KeywordId.For or KeywordId.Key or KeywordId.On):
                    ReadList(SkipModifiers(i + 1));
                    break;
                case KeywordId.Join or KeywordId.StraightJoin:
                    ReadList(i + 1);
                    break;
                case KeywordId.Into when previous is KeywordId.Insert or KeywordId.Replace or KeywordId.Ignore
                    or KeywordId.Delayed or KeywordId.HighPriority or KeywordId.LowPriority:
                    ReadName(i + 1, out _);
                    break;
                case KeywordId.Insert or KeywordId.Replace when i + 1 < tokens.Length && !tokens[i + 1].IsKind(MySqlTokenKind.LeftParenthesis):
                    int target = SkipModifiers(i + 1);
                    if (!(target < tokens.Length && tokens[target].Is(KeywordId.Into)))
                    {
                        ReadName(target, out _);
                    }

                    break;
                case KeywordId.Table or KeywordId.Tables or KeywordId.View:
                    ReadList(SkipIfExists(i + 1));
                    break;
                case KeywordId.Truncate when i == s:
                case KeywordId.References:
                    ReadName(i + 1, out _);
                    break;
                case KeywordId.Rename when i > s && i + 1 < tokens.Length && tokens[i + 1].Id is KeywordId.To or KeywordId.As:
                    ReadName(i + 2, out _);
                    break;
                case KeywordId.Index or KeywordId.Trigger when depth == 0 && tokens[s].Id is KeywordId.Create or KeywordId.Drop:
                    indexOrTrigger = true;
                    break;
                case KeywordId.On when indexOrTrigger && depth == 0:
                    ReadName(i + 1, out _);
                    indexOrTrigger = false;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>True when a token before <c>(</c> makes it a function call: a function name or a non-keyword word.</summary>
    private static bool IsCallee(StatementToken token) =>
        token.Kind == MySqlTokenKind.Word && (token.Id == KeywordId.None || (token.Keyword.Flags & KeywordFlags.Function) != 0
            || token.Id is KeywordId.Trim or KeywordId.Left or KeywordId.Right);

    /// <summary>Reads a comma-separated list of table references, each with its alias, hints and lock type skipped.</summary>
    private void ReadList(int index)
    {
        while (ReadName(index, out int next))
        {
            index = SkipTrailer(next);
            if (index >= tokens.Length)
            {
                return;
            }

            StatementToken separator = tokens[index];
            if (separator.Kind == MySqlTokenKind.Comma || separator.Id is KeywordId.To or KeywordId.Like)
            {
                index++;
                continue;
            }

            if (separator.Kind == MySqlTokenKind.LeftParenthesis && index + 1 < tokens.Length && tokens[index + 1].Is(KeywordId.Like))
            {
                index += 2;
                continue;
            }

            return;
        }
    }

    /// <summary>Skips what may follow a table name in a list: AS alias, alias, PARTITION (...), index hints, READ / WRITE.</summary>
    private readonly int SkipTrailer(int index)
    {
        while (index < tokens.Length)
        {
            StatementToken token = tokens[index];
            switch (token.Id)
            {
                case KeywordId.As or KeywordId.Read or KeywordId.Write or KeywordId.Local or KeywordId.LowPriority:
                    index++;
                    continue;
                case KeywordId.Partition or KeywordId.Use or KeywordId.Force or KeywordId.Ignore:
                    index = SkipPastParenthesizedGroup(index + 1);
                    continue;
                default:
                    break;
            }

            bool alias = token.Kind == MySqlTokenKind.QuotedIdentifier
                || (token.Kind == MySqlTokenKind.Word && (token.Keyword.Flags & KeywordFlags.Reserved) == 0);
            if (!alias)
            {
                return index;
            }

            index++;
        }

        return index;
    }

    private readonly int SkipPastParenthesizedGroup(int index)
    {
        while (index < tokens.Length && tokens[index].Kind != MySqlTokenKind.LeftParenthesis)
        {
            if (tokens[index].Kind is MySqlTokenKind.Comma or MySqlTokenKind.Semicolon)
            {
                return index;
            }

            index++;
        }

        int depth = 0;
        for (; index < tokens.Length; index++)
        {
            depth += StatementClassifier.ParenthesisDepthChange(tokens[index].Kind);
            if (depth == 0)
            {
                return index + 1;
            }
        }

        return index;
    }

    private readonly int SkipModifiers(int index)
    {
        while (index < tokens.Length && tokens[index].Id is KeywordId.LowPriority or KeywordId.Delayed or KeywordId.HighPriority
            or KeywordId.Ignore or KeywordId.Quick)
        {
            index++;
        }

        return index;
    }

    private readonly int SkipIfExists(int index)
    {
        if (index < tokens.Length && tokens[index].Is(KeywordId.If))
        {
            index += index + 1 < tokens.Length && tokens[index + 1].Is(KeywordId.Not) ? 3 : 2;
        }

        return index;
    }

    private bool ReadName(int index, out int next)
    {
        if (!NameReader.TryRead(text, tokens, index, out string name, out next))
        {
            return false;
        }

        if (commonTableNames is not null && commonTableNames.Contains(name))
        {
            return true;
        }

        tables ??= [];
        if (!tables.Contains(name))
        {
            tables.Add(name);
        }

        return true;
    }

    /// <summary>Remembers the names defined by WITH [RECURSIVE] name [(columns)] AS (...), ... so they are not reported as tables.</summary>
    private void ReadCommonTableNames(int index)
    {
        if (index < tokens.Length && tokens[index].Is(KeywordId.Recursive))
        {
            index++;
        }

        while (NameReader.TryRead(text, tokens, index, out string name, out int next))
        {
            commonTableNames ??= [];
            commonTableNames.Add(name);
            index = next;
            if (index < tokens.Length && tokens[index].Kind == MySqlTokenKind.LeftParenthesis)
            {
                index = SkipPastParenthesizedGroup(index);
            }

            if (index < tokens.Length && tokens[index].Is(KeywordId.As))
            {
                index = SkipPastParenthesizedGroup(index + 1);
            }

            if (index >= tokens.Length || tokens[index].Kind != MySqlTokenKind.Comma)
            {
                return;
            }

            index++;
        }
    }

    /// <summary>SHOW names a table only in SHOW [FULL] COLUMNS / FIELDS / INDEX / KEYS FROM t and SHOW CREATE TABLE / VIEW t.</summary>
    private void CollectShow(int s)
    {
        int i = s + 1;
        while (i < tokens.Length && tokens[i].Id is KeywordId.Other && !IsShowObject(tokens[i]))
        {
            i++;
        }

        if (i >= tokens.Length)
        {
            return;
        }

        if (tokens[i].Is(KeywordId.Create) && i + 1 < tokens.Length && tokens[i + 1].Id is KeywordId.Table or KeywordId.View)
        {
            ReadName(i + 2, out _);
            return;
        }

        if (IsShowObject(tokens[i]) && i + 1 < tokens.Length && tokens[i + 1].Id is KeywordId.From or KeywordId.In)
        {
            ReadName(i + 2, out _);
        }
    }

    private readonly bool IsShowObject(StatementToken token)
    {
        ReadOnlySpan<char> word = text.Slice(token.Token.Start, token.Token.Length);
        return token.Is(KeywordId.Index) || word.Equals("COLUMNS", StringComparison.OrdinalIgnoreCase)
            || word.Equals("FIELDS", StringComparison.OrdinalIgnoreCase) || word.Equals("KEYS", StringComparison.OrdinalIgnoreCase)
            || word.Equals("INDEXES", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>GRANT / REVOKE ... ON [TABLE] schema.table names a table; ON schema.* and ON PROCEDURE p do not.</summary>
    private void CollectGrant(int s)
    {
        for (int i = s + 1; i < tokens.Length; i++)
        {
            if (!tokens[i].Is(KeywordId.On))
            {
                continue;
            }

            int target = i + 1;
            if (target < tokens.Length && tokens[target].Id is KeywordId.Procedure or KeywordId.Function)
            {
                return;
            }

            if (target < tokens.Length && tokens[target].Is(KeywordId.Table))
            {
                target++;
            }

            ReadName(target, out _);
            return;
        }
    }
}
