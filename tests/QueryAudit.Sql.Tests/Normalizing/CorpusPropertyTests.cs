using System.Text;
using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// Properties checked on every statement of the 4,725-line corpus (lines split as scripts, so DELIMITER lines and
/// multi-statement lines become their statements).
/// </summary>
public sealed class CorpusPropertyTests
{
    private static readonly Lazy<IReadOnlyList<(StatementCorpus.CorpusLine Line, string Sql)>> Statements = new(() =>
        StatementCorpus.Lines
            .SelectMany(line => SqlSplitter.SplitScript(line.Sql).Select(statement => (line, statement.Text)))
            .ToList());

    [Test]
    public void Corpus_HasEveryLine()
    {
        Assert.That(StatementCorpus.Lines, Has.Count.EqualTo(4725));
        Assert.That(Statements.Value, Has.Count.GreaterThan(4725));
    }

    [Test]
    public void EveryStatement_IsKnownAndComplete()
    {
        List<string> failures = [];
        foreach ((StatementCorpus.CorpusLine line, string sql) in Statements.Value)
        {
            NormalizedStatement statement = SqlNormalizer.Normalize(sql);
            if (statement.Kind == StatementKind.Unknown || statement.TruncationSuspected || statement.ExactForm.Length == 0)
            {
                failures.Add($"line {line.Number}: {statement.Kind} {statement.TruncationReason}: {sql}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Classify_GivesNormalizeKind()
    {
        // The reconciler takes the kind from Classify for application traffic, so the two must never differ, also
        // for text cut at any length (as the audit log's size limit cuts it).
        List<string> failures = [];
        SqlNormalizerOptions limited = SqlNormalizerOptions.Default with { LogByteLimit = 40 };
        foreach ((StatementCorpus.CorpusLine line, string sql) in Statements.Value)
        {
            foreach (string text in new[] { sql, sql[..(sql.Length / 2)], sql[..(sql.Length * 3 / 4)] })
            {
                foreach (SqlNormalizerOptions options in new[] { SqlNormalizerOptions.Default, limited })
                {
                    StatementKind expected = SqlNormalizer.Normalize(text, options).Kind;
                    StatementKind actual = SqlNormalizer.Classify(text, options);
                    if (actual != expected)
                    {
                        failures.Add($"line {line.Number}: Classify {actual}, Normalize {expected}: {text}");
                    }
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void ExactForm_IsIdempotent()
    {
        List<string> failures = [];
        foreach ((StatementCorpus.CorpusLine line, string sql) in Statements.Value)
        {
            string exact = SqlNormalizer.Normalize(sql).ExactForm;
            string again = SqlNormalizer.Normalize(exact).ExactForm;
            if (exact != again)
            {
                failures.Add($"line {line.Number}: {exact} => {again}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void ExactForm_RelexesToSameTokens()
    {
        List<string> failures = [];
        foreach ((StatementCorpus.CorpusLine line, string sql) in Statements.Value)
        {
            string exact = SqlNormalizer.Normalize(sql).ExactForm;
            string original = TokenKinds(sql);
            string relexed = TokenKinds(exact);
            if (original != relexed)
            {
                failures.Add($"line {line.Number}: {original} <> {relexed}");
            }

            if (relexed.Contains(nameof(MySqlTokenKind.Comment), StringComparison.Ordinal))
            {
                failures.Add($"line {line.Number}: the exact form holds a comment: {exact}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Template_IgnoresLiteralValues()
    {
        List<string> failures = [];
        int changed = 0;
        foreach ((StatementCorpus.CorpusLine line, string sql) in Statements.Value)
        {
            string variant = LiteralMutator.ChangeLiterals(sql);
            if (variant == sql)
            {
                continue;
            }

            changed++;
            NormalizedStatement original = SqlNormalizer.Normalize(sql);
            NormalizedStatement mutated = SqlNormalizer.Normalize(variant);
            if (original.Template != mutated.Template)
            {
                failures.Add($"line {line.Number}: {original.Template} <> {mutated.Template}");
            }

            if (original.ExactHash == mutated.ExactHash)
            {
                failures.Add($"line {line.Number}: different values, same exact form: {original.ExactForm}");
            }
        }

        Assert.That(changed, Is.GreaterThan(3500));
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Features_LeaveExpectedTraces()
    {
        List<string> failures = [];
        foreach ((StatementCorpus.CorpusLine line, string sql) in Statements.Value)
        {
            string exact = SqlNormalizer.Normalize(sql).ExactForm;
            string? problem = line.Feature switch
            {
                "comment_versioned" when exact.Contains("/*!", StringComparison.Ordinal) => "executable comment left in",
                "optimizer_hint" when !exact.Contains("/*+ ", StringComparison.Ordinal) => "hint lost",
                _ => CheckQuoting(exact),
            };

            if (problem is not null)
            {
                failures.Add($"line {line.Number} ({line.Feature}): {problem}: {exact}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    /// <summary>Finds a string not in single quotes, or backticks around a name that could be written bare.</summary>
    private static string? CheckQuoting(string exact)
    {
        MySqlLexer lexer = new(exact);
        while (lexer.TryRead(out MySqlToken token))
        {
            string text = exact.Substring(token.Start, token.Length);
            if (token.Kind == MySqlTokenKind.StringLiteral && text[0] != '\'')
            {
                return "string not in single quotes";
            }

            if (token.Kind == MySqlTokenKind.QuotedIdentifier)
            {
                string name = text[1..^1];
                bool plain = name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > '\u007f');
                if (plain && !MySqlKeywords.IsReserved(name))
                {
                    return $"needless backticks around {text}";
                }
            }
        }

        return null;
    }

    [Test]
    public void Templates_SplitOnlyWherePtMergesDifferentSql()
    {
        // pt-fingerprint folds the corpus into 249 fingerprints. Ours keep digits in names and the clauses it drops, so
        // there are more, but far fewer than lines, because values do not count.
        string[] pt = File.ReadAllLines(Path.Combine(StatementCorpus.Folder, "mysql-statements.pt-fingerprint.txt"), Encoding.UTF8);
        int ours = StatementCorpus.Lines.Select(line => SqlNormalizer.Normalize(line.Sql).Template).Distinct(StringComparer.Ordinal).Count();

        Assert.That(pt.Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(249));
        Assert.That(ours, Is.InRange(249, 1000));
    }

    private static string TokenKinds(string sql)
    {
        List<string> kinds = [];
        MySqlLexer lexer = new(sql);
        while (lexer.TryRead(out MySqlToken token))
        {
            if (!token.IsComment)
            {
                // Needless backticks are dropped, so a quoted identifier may come back as a word.
                kinds.Add(token.Kind == MySqlTokenKind.QuotedIdentifier ? nameof(MySqlTokenKind.Word) : token.Kind.ToString());
            }
        }

        while (kinds.Count > 0 && kinds[^1] == nameof(MySqlTokenKind.Semicolon))
        {
            kinds.RemoveAt(kinds.Count - 1);
        }

        return string.Join(" ", kinds);
    }
}
