using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Classification;

/// <summary>
/// Classifies a statement from its leading keywords (after any opening parentheses) and names the routine it calls,
/// creates or drops.
/// </summary>
internal static class StatementClassifier
{
    public static StatementKind Classify(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, out string? routine)
    {
        routine = null;
        int s = 0;
        while (s < tokens.Length && tokens[s].Kind == MySqlTokenKind.LeftParenthesis)
        {
            s++;
        }

        if (s >= tokens.Length)
        {
            return StatementKind.Unknown;
        }

        return tokens[s].Id switch
        {
            KeywordId.Select => HasIntoFile(tokens, s) ? StatementKind.Dml : StatementKind.Read,
            KeywordId.Table or KeywordId.Values or KeywordId.Describe or KeywordId.Desc or KeywordId.Do or KeywordId.Handler =>
                StatementKind.Read,
            KeywordId.Explain => ClassifyExplain(tokens, s),
            KeywordId.With => ClassifyWith(tokens, s),
            KeywordId.Insert or KeywordId.Update or KeywordId.Delete or KeywordId.Replace => StatementKind.Dml,
            KeywordId.Load => IdAt(tokens, s + 1) == KeywordId.Index ? StatementKind.Admin : StatementKind.Dml,
            KeywordId.Call => ClassifyCall(text, tokens, s, out routine),
            KeywordId.Drop when IdAt(tokens, s + 1) == KeywordId.Prepare => StatementKind.Session,
            KeywordId.Create or KeywordId.Alter or KeywordId.Drop => ClassifyObjectStatement(text, tokens, s, out routine),
            KeywordId.Rename => IdAt(tokens, s + 1) == KeywordId.User ? StatementKind.Dcl : StatementKind.Ddl,
            KeywordId.Truncate => StatementKind.Ddl,
            KeywordId.Grant or KeywordId.Revoke => StatementKind.Dcl,
            KeywordId.Set => ClassifySet(text, tokens, s, out routine),
            KeywordId.Show or KeywordId.Use or KeywordId.Help => StatementKind.Session,
            KeywordId.Prepare or KeywordId.Execute => StatementKind.Admin,

            // Freeing a prepared statement changes no data or setting. The PREPARE and EXECUTE are what matter.
            KeywordId.Deallocate => StatementKind.Session,
            KeywordId.Install or KeywordId.Uninstall => MentionsAudit(text, tokens, s) ? StatementKind.AuditConfig : StatementKind.Admin,
            KeywordId.Begin => IsTransactionBegin(tokens, s) ? StatementKind.Transaction : StatementKind.Unknown,
            KeywordId.Start => IdAt(tokens, s + 1) == KeywordId.Transaction ? StatementKind.Transaction : StatementKind.Admin,
            KeywordId.Commit or KeywordId.Rollback or KeywordId.Savepoint or KeywordId.Release or KeywordId.Xa =>
                StatementKind.Transaction,
            KeywordId.Analyze => ClassifyAnalyze(tokens, s),
            KeywordId.Kill or KeywordId.Flush or KeywordId.Reset or KeywordId.Purge or KeywordId.Shutdown or KeywordId.Restart
                or KeywordId.Change or KeywordId.Stop or KeywordId.Clone or KeywordId.Optimize or KeywordId.Check
                or KeywordId.Repair or KeywordId.Checksum or KeywordId.Cache or KeywordId.Binlog or KeywordId.Lock
                or KeywordId.Unlock or KeywordId.Import => StatementKind.Admin,
            _ => StatementKind.Unknown,
        };
    }

    private static KeywordId IdAt(ReadOnlySpan<StatementToken> tokens, int index) =>
        index < tokens.Length ? tokens[index].Id : KeywordId.None;

    /// <summary>BEGIN and BEGIN WORK start a transaction; BEGIN followed by statements is a compound block.</summary>
    private static bool IsTransactionBegin(ReadOnlySpan<StatementToken> tokens, int s) =>
        s + 1 >= tokens.Length || tokens[s + 1].Kind == MySqlTokenKind.Semicolon || tokens[s + 1].Is(KeywordId.Work);

    /// <summary>SELECT ... INTO OUTFILE / DUMPFILE writes a file on the server, so it is treated as DML.</summary>
    private static bool HasIntoFile(ReadOnlySpan<StatementToken> tokens, int s)
    {
        for (int i = s; i + 1 < tokens.Length; i++)
        {
            if (tokens[i].Is(KeywordId.Into) && tokens[i + 1].Id is KeywordId.Outfile or KeywordId.Dumpfile)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>EXPLAIN ANALYZE runs the statement it explains, so its kind is that statement's.</summary>
    private static StatementKind ClassifyExplain(ReadOnlySpan<StatementToken> tokens, int s)
    {
        if (IdAt(tokens, s + 1) == KeywordId.Analyze)
        {
            return FirstStatementKeywordKind(tokens, s + 2);
        }

        return StatementKind.Read;
    }

    /// <summary>MariaDB's ANALYZE UPDATE / DELETE / INSERT runs the statement; ANALYZE TABLE is maintenance.</summary>
    private static StatementKind ClassifyAnalyze(ReadOnlySpan<StatementToken> tokens, int s) =>
        IdAt(tokens, s + 1) switch
        {
            KeywordId.Insert or KeywordId.Update or KeywordId.Delete or KeywordId.Replace => StatementKind.Dml,
            KeywordId.Select => StatementKind.Read,
            _ => StatementKind.Admin,
        };

    /// <summary>WITH ... is classified by the first statement keyword outside the parentheses of its common table expressions.</summary>
    private static StatementKind ClassifyWith(ReadOnlySpan<StatementToken> tokens, int s) => FirstStatementKeywordKind(tokens, s + 1);

    private static StatementKind FirstStatementKeywordKind(ReadOnlySpan<StatementToken> tokens, int from)
    {
        int depth = 0;
        for (int i = from; i < tokens.Length; i++)
        {
            StatementToken token = tokens[i];
            if (token.Kind == MySqlTokenKind.LeftParenthesis)
            {
                depth++;
            }
            else if (token.Kind == MySqlTokenKind.RightParenthesis)
            {
                depth--;
            }
            else if (depth == 0)
            {
                switch (token.Id)
                {
                    case KeywordId.Select or KeywordId.Table or KeywordId.Values:
                        return HasIntoFile(tokens, i) ? StatementKind.Dml : StatementKind.Read;
                    case KeywordId.Insert or KeywordId.Update or KeywordId.Delete or KeywordId.Replace:
                        return StatementKind.Dml;
                    default:
                        break;
                }
            }
        }

        return StatementKind.Read;
    }

    private static StatementKind ClassifyCall(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int s, out string? routine)
    {
        routine = NameReader.TryRead(text, tokens, s + 1, out string name, out _) ? name : null;
        return StatementKind.Call;
    }

    /// <summary>
    /// CREATE / ALTER / DROP: the first object keyword decides (USER and ROLE are DCL; PREPARE in DROP PREPARE is
    /// administration; everything else is DDL). Clauses before it, such as OR REPLACE, DEFINER = ... or TEMPORARY, are skipped.
    /// </summary>
    private static StatementKind ClassifyObjectStatement(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int s, out string? routine)
    {
        routine = null;
        int limit = Math.Min(tokens.Length, s + 24);
        for (int i = s + 1; i < limit; i++)
        {
            switch (tokens[i].Id)
            {
                case KeywordId.User or KeywordId.Role:
                    return StatementKind.Dcl;
                case KeywordId.Prepare:
                    return StatementKind.Admin;
                case KeywordId.Instance:
                    return StatementKind.Admin;
                case KeywordId.Procedure or KeywordId.Function:
                    routine = ReadRoutineName(text, tokens, i + 1);
                    return StatementKind.Ddl;
                case KeywordId.Table or KeywordId.Index or KeywordId.View or KeywordId.Trigger or KeywordId.Event
                    or KeywordId.Database or KeywordId.Schema or KeywordId.Tablespace or KeywordId.Server:
                    return StatementKind.Ddl;
                default:
                    break;
            }
        }

        return StatementKind.Ddl;
    }

    private static string? ReadRoutineName(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int index)
    {
        if (IdAt(tokens, index) == KeywordId.If)
        {
            index += IdAt(tokens, index + 1) == KeywordId.Not ? 3 : 2;
        }

        return NameReader.TryRead(text, tokens, index, out string name, out _) ? name : null;
    }

    /// <summary>
    /// SET: PASSWORD and DEFAULT ROLE are DCL; any assignment to an audit plugin variable (<c>server_audit_*</c> of MariaDB
    /// and Aurora, <c>audit_log_*</c> of MySQL Enterprise and Percona) in any scope is an audit configuration change; any
    /// other GLOBAL / PERSIST assignment is administration; the rest (user variables, SESSION, NAMES, TRANSACTION) is session.
    /// </summary>
    private static StatementKind ClassifySet(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int s, out string? routine)
    {
        routine = null;
        switch (IdAt(tokens, s + 1))
        {
            case KeywordId.Password:
                return StatementKind.Dcl;
            case KeywordId.Default when IdAt(tokens, s + 2) == KeywordId.Role:
                return StatementKind.Dcl;
            case KeywordId.Role or KeywordId.Names or KeywordId.Charset or KeywordId.Character:
                return StatementKind.Session;
            default:
                break;
        }

        if (s + 1 < tokens.Length && text.Slice(tokens[s + 1].Token.Start, tokens[s + 1].Token.Length).Equals("STATEMENT", StringComparison.OrdinalIgnoreCase))
        {
            // MariaDB's SET STATEMENT var = value [, ...] FOR statement runs the statement after FOR.
            int forAt = FindTopLevel(tokens, s + 2, KeywordId.For);
            return forAt < 0 ? StatementKind.Session : Classify(text, tokens[(forAt + 1)..], out routine);
        }

        bool global = false;
        bool audit = false;
        bool scopeGlobal = false;
        int depth = 0;
        bool expectVariable = true;
        for (int i = s + 1; i < tokens.Length; i++)
        {
            StatementToken token = tokens[i];
            if (token.Kind == MySqlTokenKind.LeftParenthesis)
            {
                depth++;
                continue;
            }

            if (token.Kind == MySqlTokenKind.RightParenthesis)
            {
                depth--;
                continue;
            }

            if (depth > 0)
            {
                continue;
            }

            if (token.Kind == MySqlTokenKind.Comma)
            {
                expectVariable = true;
                continue;
            }

            if (!expectVariable)
            {
                continue;
            }

            if (token.Id is KeywordId.Global or KeywordId.Persist or KeywordId.PersistOnly)
            {
                scopeGlobal = true;
                continue;
            }

            if (token.Id is KeywordId.Session or KeywordId.Local)
            {
                scopeGlobal = false;
                continue;
            }

            ReadOnlySpan<char> raw = text.Slice(token.Token.Start, token.Token.Length);
            ReadOnlySpan<char> name = raw;
            bool variableGlobal = scopeGlobal;
            if (token.Kind == MySqlTokenKind.SystemVariable)
            {
                name = raw[2..];
                int dot = name.IndexOf('.');
                if (dot >= 0)
                {
                    ReadOnlySpan<char> scope = name[..dot];
                    variableGlobal = scope.Equals("global", StringComparison.OrdinalIgnoreCase)
                        || scope.StartsWith("persist", StringComparison.OrdinalIgnoreCase);
                    name = name[(dot + 1)..];
                }
            }
            else if (token.Kind == MySqlTokenKind.UserVariable)
            {
                variableGlobal = false;
                name = [];
            }
            else if (token.Kind == MySqlTokenKind.QuotedIdentifier)
            {
                name = raw[1..^1];
            }

            audit |= IsAuditVariable(name);
            global |= variableGlobal;
            expectVariable = false;
        }

        if (audit)
        {
            return StatementKind.AuditConfig;
        }

        return global ? StatementKind.Admin : StatementKind.Session;
    }

    private static bool IsAuditVariable(ReadOnlySpan<char> name) =>
        name.StartsWith("server_audit", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("audit_log", StringComparison.OrdinalIgnoreCase);

    private static int FindTopLevel(ReadOnlySpan<StatementToken> tokens, int from, KeywordId id)
    {
        int depth = 0;
        for (int i = from; i < tokens.Length; i++)
        {
            depth += ParenthesisDepthChange(tokens[i].Kind);
            if (depth == 0 && tokens[i].Is(id))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Returns +1 for <c>(</c>, -1 for <c>)</c> and 0 for any other token.</summary>
    internal static int ParenthesisDepthChange(MySqlTokenKind kind) => kind switch
    {
        MySqlTokenKind.LeftParenthesis => 1,
        MySqlTokenKind.RightParenthesis => -1,
        _ => 0,
    };

    /// <summary>True when a plugin, library or component named in INSTALL / UNINSTALL contains "audit".</summary>
    private static bool MentionsAudit(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int s)
    {
        for (int i = s + 1; i < tokens.Length; i++)
        {
            MySqlToken token = tokens[i].Token;
            if (text.Slice(token.Start, token.Length).Contains("audit", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
