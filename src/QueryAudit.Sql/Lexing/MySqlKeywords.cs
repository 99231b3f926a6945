using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// MySQL 8.0's keywords (reserved and non-reserved, from the reference manual's keyword list) and common built-in function
/// names, looked up by span without allocating.
/// </summary>
public static class MySqlKeywords
{
    /// <summary>Every word of the table with its entry.</summary>
    internal static IReadOnlyDictionary<string, KeywordInfo> Entries => Lookup.Entries;

    /// <summary>Finds <paramref name="word"/> (any case) in the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(ReadOnlySpan<char> word, out KeywordInfo info)
    {
        if (word.Length is < 2 or > 40)
        {
            info = default;
            return false;
        }

        return Lookup.Table.TryGet(word, out info);
    }

    /// <summary>Returns the keyword id of <paramref name="word"/>, or <see cref="KeywordId.None"/>.</summary>
    public static KeywordId Identify(ReadOnlySpan<char> word) => TryGet(word, out KeywordInfo info) ? info.Id : KeywordId.None;

    /// <summary>True when <paramref name="word"/> is a reserved word.</summary>
    public static bool IsReserved(ReadOnlySpan<char> word) =>
        TryGet(word, out KeywordInfo info) && (info.Flags & KeywordFlags.Reserved) != 0;

    /// <summary>
    /// Calls <paramref name="visit"/> for every word of the lists with the flags of its list: the reserved words first,
    /// then the non-reserved words and the function names. A word in two lists is visited twice, and the first visit is
    /// the one that counts. <see cref="KeywordFlags.StartsExpression"/> is not set here: it belongs to the words of
    /// <see cref="MySqlKeywordLists.StartsExpression"/>. The words are read as spans and none is allocated, because
    /// splitting the lists into strings cost a noticeable share of a native process's start-up.
    /// </summary>
    internal static void VisitListWords(KeywordVisitor visit)
    {
        Visit(MySqlKeywordLists.Reserved, KeywordFlags.Reserved, visit);
        Visit(MySqlKeywordLists.NonReserved, KeywordFlags.None, visit);
        Visit(MySqlKeywordLists.Functions, KeywordFlags.Function, visit);
    }

    private static Dictionary<string, KeywordInfo> Build()
    {
        // Sized for the lists' 906 distinct words, so that the table is never resized while it is filled.
        Dictionary<string, KeywordInfo> table = new(1024, StringComparer.OrdinalIgnoreCase);
        Dictionary<string, KeywordInfo>.AlternateLookup<ReadOnlySpan<char>> spanLookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        VisitListWords((word, flags) =>
        {
            if (!spanLookup.ContainsKey(word))
            {
                spanLookup[word] = new KeywordInfo(IdOf(word), flags);
            }
        });

        foreach (string word in MySqlKeywordLists.StartsExpression)
        {
            KeywordInfo info = table[word];
            table[word] = info with { Flags = info.Flags | KeywordFlags.StartsExpression };
        }

        return table;
    }

    private static void Visit(string words, KeywordFlags flags, KeywordVisitor visit)
    {
        ReadOnlySpan<char> rest = words;
        while (true)
        {
            int start = 0;
            while (start < rest.Length && char.IsWhiteSpace(rest[start]))
            {
                start++;
            }

            if (start == rest.Length)
            {
                return;
            }

            int end = start;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
            {
                end++;
            }

            visit(rest[start..end], flags);
            rest = rest[end..];
        }
    }

    /// <summary>
    /// Returns the id whose name is <paramref name="word"/> (an upper-case list word) in Pascal case without underscores,
    /// as <c>Enum.TryParse</c> would find it, or <see cref="KeywordId.Other"/>. NONE's id is <see cref="KeywordId.None"/>.
    /// A switch, because reading the enum's names by reflection took a noticeable share of a native process's start-up.
    /// The tests check it against the enum's names for every list word.
    /// </summary>
    internal static KeywordId IdOf(ReadOnlySpan<char> word) => word switch
    {
        "ALTER" => KeywordId.Alter,
        "ANALYZE" => KeywordId.Analyze,
        "AND" => KeywordId.And,
        "AS" => KeywordId.As,
        "ASC" => KeywordId.Asc,
        "BETWEEN" => KeywordId.Between,
        "BINARY" => KeywordId.Binary,
        "BY" => KeywordId.By,
        "CALL" => KeywordId.Call,
        "CASCADE" => KeywordId.Cascade,
        "CASE" => KeywordId.Case,
        "CHANGE" => KeywordId.Change,
        "CHARACTER" => KeywordId.Character,
        "CHECK" => KeywordId.Check,
        "CREATE" => KeywordId.Create,
        "CROSS" => KeywordId.Cross,
        "DATABASE" => KeywordId.Database,
        "DATABASES" => KeywordId.Databases,
        "DECLARE" => KeywordId.Declare,
        "DEFAULT" => KeywordId.Default,
        "DELAYED" => KeywordId.Delayed,
        "DELETE" => KeywordId.Delete,
        "DESC" => KeywordId.Desc,
        "DESCRIBE" => KeywordId.Describe,
        "DROP" => KeywordId.Drop,
        "DUAL" => KeywordId.Dual,
        "ELSE" => KeywordId.Else,
        "EXISTS" => KeywordId.Exists,
        "EXPLAIN" => KeywordId.Explain,
        "FOR" => KeywordId.For,
        "FORCE" => KeywordId.Force,
        "FROM" => KeywordId.From,
        "FULLTEXT" => KeywordId.Fulltext,
        "FUNCTION" => KeywordId.Function,
        "GET" => KeywordId.Get,
        "GRANT" => KeywordId.Grant,
        "GROUP" => KeywordId.Group,
        "HAVING" => KeywordId.Having,
        "HIGH_PRIORITY" => KeywordId.HighPriority,
        "IF" => KeywordId.If,
        "IGNORE" => KeywordId.Ignore,
        "IN" => KeywordId.In,
        "INDEX" => KeywordId.Index,
        "INNER" => KeywordId.Inner,
        "INSERT" => KeywordId.Insert,
        "INTERVAL" => KeywordId.Interval,
        "INTO" => KeywordId.Into,
        "IS" => KeywordId.Is,
        "JOIN" => KeywordId.Join,
        "KEY" => KeywordId.Key,
        "KILL" => KeywordId.Kill,
        "LATERAL" => KeywordId.Lateral,
        "LEAVE" => KeywordId.Leave,
        "LEFT" => KeywordId.Left,
        "LIKE" => KeywordId.Like,
        "LIMIT" => KeywordId.Limit,
        "LOAD" => KeywordId.Load,
        "LOCK" => KeywordId.Lock,
        "LOOP" => KeywordId.Loop,
        "LOW_PRIORITY" => KeywordId.LowPriority,
        "NATURAL" => KeywordId.Natural,
        "NOT" => KeywordId.Not,
        "NULL" => KeywordId.Null,
        "ON" => KeywordId.On,
        "OPTIMIZE" => KeywordId.Optimize,
        "OR" => KeywordId.Or,
        "ORDER" => KeywordId.Order,
        "OUTER" => KeywordId.Outer,
        "OUTFILE" => KeywordId.Outfile,
        "OVER" => KeywordId.Over,
        "PARTITION" => KeywordId.Partition,
        "PROCEDURE" => KeywordId.Procedure,
        "PURGE" => KeywordId.Purge,
        "RANGE" => KeywordId.Range,
        "READ" => KeywordId.Read,
        "RECURSIVE" => KeywordId.Recursive,
        "REFERENCES" => KeywordId.References,
        "RELEASE" => KeywordId.Release,
        "RENAME" => KeywordId.Rename,
        "REPEAT" => KeywordId.Repeat,
        "REPLACE" => KeywordId.Replace,
        "RETURN" => KeywordId.Return,
        "REVOKE" => KeywordId.Revoke,
        "RIGHT" => KeywordId.Right,
        "ROW" => KeywordId.Row,
        "ROWS" => KeywordId.Rows,
        "SCHEMA" => KeywordId.Schema,
        "SELECT" => KeywordId.Select,
        "SET" => KeywordId.Set,
        "SHOW" => KeywordId.Show,
        "SIGNAL" => KeywordId.Signal,
        "SPATIAL" => KeywordId.Spatial,
        "SQL" => KeywordId.Sql,
        "STRAIGHT_JOIN" => KeywordId.StraightJoin,
        "TABLE" => KeywordId.Table,
        "THEN" => KeywordId.Then,
        "TO" => KeywordId.To,
        "TRIGGER" => KeywordId.Trigger,
        "UNDO" => KeywordId.Undo,
        "UNION" => KeywordId.Union,
        "UNIQUE" => KeywordId.Unique,
        "UNLOCK" => KeywordId.Unlock,
        "UPDATE" => KeywordId.Update,
        "USE" => KeywordId.Use,
        "USING" => KeywordId.Using,
        "VALUES" => KeywordId.Values,
        "WHEN" => KeywordId.When,
        "WHERE" => KeywordId.Where,
        "WHILE" => KeywordId.While,
        "WINDOW" => KeywordId.Window,
        "WITH" => KeywordId.With,
        "WRITE" => KeywordId.Write,
        "XOR" => KeywordId.Xor,
        "AGGREGATE" => KeywordId.Aggregate,
        "ALGORITHM" => KeywordId.Algorithm,
        "BEGIN" => KeywordId.Begin,
        "BINLOG" => KeywordId.Binlog,
        "CACHE" => KeywordId.Cache,
        "CHAIN" => KeywordId.Chain,
        "CHARSET" => KeywordId.Charset,
        "CHECKSUM" => KeywordId.Checksum,
        "CLONE" => KeywordId.Clone,
        "COMMIT" => KeywordId.Commit,
        "COMPONENT" => KeywordId.Component,
        "DEALLOCATE" => KeywordId.Deallocate,
        "DEFINER" => KeywordId.Definer,
        "DELIMITER" => KeywordId.Delimiter,
        "DIAGNOSTICS" => KeywordId.Diagnostics,
        "DO" => KeywordId.Do,
        "DUMPFILE" => KeywordId.Dumpfile,
        "END" => KeywordId.End,
        "ESCAPE" => KeywordId.Escape,
        "EVENT" => KeywordId.Event,
        "EXECUTE" => KeywordId.Execute,
        "FLUSH" => KeywordId.Flush,
        "GLOBAL" => KeywordId.Global,
        "HANDLER" => KeywordId.Handler,
        "HELP" => KeywordId.Help,
        "IDENTIFIED" => KeywordId.Identified,
        "IMPORT" => KeywordId.Import,
        "INSTALL" => KeywordId.Install,
        "INSTANCE" => KeywordId.Instance,
        "LOCAL" => KeywordId.Local,
        "MASTER" => KeywordId.Master,
        "NAMES" => KeywordId.Names,
        "ONLY" => KeywordId.Only,
        "PASSWORD" => KeywordId.Password,
        "PERSIST" => KeywordId.Persist,
        "PERSIST_ONLY" => KeywordId.PersistOnly,
        "PLUGIN" => KeywordId.Plugin,
        "PREPARE" => KeywordId.Prepare,
        "QUICK" => KeywordId.Quick,
        "REPAIR" => KeywordId.Repair,
        "REPLICA" => KeywordId.Replica,
        "RESET" => KeywordId.Reset,
        "RESOURCE" => KeywordId.Resource,
        "RESTART" => KeywordId.Restart,
        "RETURNS" => KeywordId.Returns,
        "ROLE" => KeywordId.Role,
        "ROLLBACK" => KeywordId.Rollback,
        "SAVEPOINT" => KeywordId.Savepoint,
        "SECURITY" => KeywordId.Security,
        "SERVER" => KeywordId.Server,
        "SESSION" => KeywordId.Session,
        "SHUTDOWN" => KeywordId.Shutdown,
        "SLAVE" => KeywordId.Slave,
        "SONAME" => KeywordId.Soname,
        "SOURCE" => KeywordId.Source,
        "START" => KeywordId.Start,
        "STOP" => KeywordId.Stop,
        "TABLES" => KeywordId.Tables,
        "TABLESPACE" => KeywordId.Tablespace,
        "TEMPORARY" => KeywordId.Temporary,
        "TRANSACTION" => KeywordId.Transaction,
        "TRUNCATE" => KeywordId.Truncate,
        "UNINSTALL" => KeywordId.Uninstall,
        "USER" => KeywordId.User,
        "VALUE" => KeywordId.Value,
        "VIEW" => KeywordId.View,
        "WORK" => KeywordId.Work,
        "XA" => KeywordId.Xa,
        "ONLINE" => KeywordId.Online,
        "OFFLINE" => KeywordId.Offline,
        "TRIM" => KeywordId.Trim,
        "NONE" => KeywordId.None,
        _ => KeywordId.Other,
    };

    /// <summary>
    /// The table and the lookup table, built on the first <see cref="TryGet"/>. The fast template pass calls TryGet only
    /// for words longer than <see cref="PackedKeywordTable.MaxLength"/>, so a run of that pass alone may never build them.
    /// </summary>
    private static class Lookup
    {
        public static readonly Dictionary<string, KeywordInfo> Entries = Build();

        public static readonly KeywordTable Table = new(Entries);
    }
}

/// <summary>Receives one word of the keyword lists and the flags of its list.</summary>
internal delegate void KeywordVisitor(ReadOnlySpan<char> word, KeywordFlags flags);
