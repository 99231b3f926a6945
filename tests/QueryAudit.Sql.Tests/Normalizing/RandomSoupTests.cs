using System.Text;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// Random soups of SQL fragments, quotes, comment markers, control characters and invalid UTF-16, with a fixed seed and
/// a bounded count. Nothing throws, every token moves forward inside the text, and split statements point into the
/// input. A statement that is not cut has an idempotent exact form.
/// </summary>
public sealed class RandomSoupTests
{
    private const int Iterations = 10_000;

    internal static readonly string[] Fragments =
    [
        "SELECT", "select", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "FROM", "WHERE", "IN", "NOT", "NULL", "IS",
        "BEGIN", "END", "IF", "CASE", "WHEN", "THEN", "LOOP", "REPEAT", "WHILE", "CREATE", "PROCEDURE", "CALL", "GLOBAL",
        "ORDER", "BY", "GROUP", "DELIMITER", "DELIMITER $$\n", "$$", "//", "t", "`t`", "`a``b", "a.b", "x1", "1abc",
        "'", "''", "\"", "`", "\\", "\\'", "\\\\", "/*", "*/", "/*!", "/*!40101", "/*!99999", "/*+", "--", "-- ", "--\t", "#",
        "\n", "\r\n", " ", "\t", ";", ",", "(", ")", ".", "@", "@@", "@@global.", "@'", "?", ":", ":=", ":id", "->", "->>",
        "<=>", "||", "&&", "-", "+", "*", "=", "0x", "0xFF", "X'", "x'0a'", "b'", "0b1", "N'", "_utf8mb4", "_binary",
        "1", "42", "3.14", ".5", "1e", "1e+", "2.5E-3", "e", "\0", "\uD800", "\uDC00", "\uD83D\uDE00", "\uFFFD", "名前",
        "'値'", "\u3000", "\u001a", "*****",
    ];

    [Test]
    public void Soup_NeverThrows()
    {
        Random random = new(20261204);
        for (int i = 0; i < Iterations; i++)
        {
            string sql = Soup(random);
            SqlNormalizerOptions options = new()
            {
                NoBackslashEscapes = random.Next(4) == 0,
                AnsiQuotes = random.Next(4) == 0,
                ServerVersion = random.Next(2) == 0 ? 80032 : 50744,
                LogByteLimit = random.Next(3) == 0 ? 64 : null,
            };

            CheckLexer(sql, options);
            CheckSplit(sql, SqlSplitter.SplitQuery(sql, options));
            CheckSplit(sql, SqlSplitter.SplitScript(sql, options));
            CheckNormalize(sql, options);
        }
    }

    internal static string Soup(Random random)
    {
        StringBuilder builder = new();
        int count = random.Next(1, 40);
        for (int k = 0; k < count; k++)
        {
            int pick = random.Next(10);
            if (pick == 0)
            {
                builder.Append((char)random.Next(0, 0x10000));
            }
            else
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(3) == 0)
                {
                    builder.Append(' ');
                }
            }
        }

        return builder.ToString();
    }

    private static void CheckLexer(string sql, SqlNormalizerOptions options)
    {
        MySqlLexer lexer = new(sql, options);
        int previousEnd = 0;
        int count = 0;
        while (lexer.TryRead(out MySqlToken token))
        {
            Assert.That(token.Length, Is.GreaterThan(0), sql);
            Assert.That(token.Start, Is.GreaterThanOrEqualTo(previousEnd), sql);
            Assert.That(token.End, Is.LessThanOrEqualTo(sql.Length), sql);
            previousEnd = token.End;
            count++;
        }

        Assert.That(count, Is.LessThanOrEqualTo(sql.Length), sql);
    }

    private static void CheckSplit(string sql, IReadOnlyList<SqlStatementText> statements)
    {
        int previousStart = -1;
        foreach (SqlStatementText statement in statements)
        {
            Assert.That(statement.StartOffset, Is.GreaterThan(previousStart), sql);
            Assert.That(sql.Substring(statement.StartOffset, statement.Text.Length), Is.EqualTo(statement.Text), sql);
            Assert.That(statement.StartLine, Is.GreaterThanOrEqualTo(1), sql);
            previousStart = statement.StartOffset;
        }
    }

    private static void CheckNormalize(string sql, SqlNormalizerOptions options)
    {
        NormalizedStatement statement = SqlNormalizer.Normalize(sql, options);

        Assert.That(statement.ExactHash, Has.Length.EqualTo(64), sql);
        Assert.That(statement.ExactForm.StartsWith(' '), Is.False, sql);
        // Text that really ends in U+FFFD reads as cut inside a UTF-8 character, so such forms are not re-read.
        if (!statement.TruncationSuspected && !statement.ExactForm.EndsWith('\uFFFD'))
        {
            // A cut string may end in spaces; a complete statement ends with a token.
            Assert.That(statement.ExactForm.EndsWith(' '), Is.False, sql);
            SqlNormalizerOptions unlimited = options with { LogByteLimit = null };
            string exact = SqlNormalizer.Normalize(sql, unlimited).ExactForm;
            Assert.That(SqlNormalizer.Normalize(exact, unlimited).ExactForm, Is.EqualTo(exact), sql);
        }
    }
}
