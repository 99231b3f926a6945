using QueryAudit.Sql.Classification;
using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql;

/// <summary>
/// Normalises one MySQL statement into its exact form, template and kind.
/// </summary>
public static class SqlNormalizer
{
    /// <summary>Version of the template algorithm; stored with every template so that old templates are not compared with new ones.</summary>
    public const int TemplateAlgorithmVersion = 1;

    /// <summary>Normalises one statement (the text must not hold more than one; split it with <see cref="SqlSplitter"/> first).</summary>
    public static NormalizedStatement Normalize(string sql, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        options ??= SqlNormalizerOptions.Default;
        bool backslashEscapes = !options.NoBackslashEscapes;

        ScratchBuffers buffers = ScratchBuffers.Rent();
        ScannedStatement statement = new(sql, options, buffers);
        CharBuilder exact = new(buffers.Exact);
        CharBuilder template = new(buffers.Template);
        try
        {
            string? truncationReason = TruncationDetector.FindReason(sql, statement, options.LogByteLimit);
            ReadOnlySpan<StatementToken> tokens = PrepareTokens(ref statement, truncationReason is not null);
            ReadOnlySpan<char> text = statement.Text;

            ExactFormWriter.Write(ref exact, text, tokens, backslashEscapes);
            TemplateWriter.Write(ref template, text, tokens, backslashEscapes, buffers);
            StatementKind kind = StatementClassifier.Classify(text, tokens, out string? routine);
            IReadOnlyList<string> tables = TableCollector.Collect(text, tokens, kind);
            IReadOnlyList<string> tickets = TicketFinder.Find(text, statement.Comments, options.TicketPattern);

            string exactForm = exact.ToString();
            string templateText = template.ToString();
            return new NormalizedStatement(
                exactForm,
                Sha256Hex.Compute(exactForm),
                templateText,
                Sha256Hex.Compute(templateText),
                kind,
                tables,
                tickets,
                routine,
                truncationReason is not null,
                truncationReason);
        }
        finally
        {
            template.Dispose();
            exact.Dispose();
            ScratchBuffers.Return(buffers);
        }
    }

    /// <summary>
    /// Returns only the kind of one statement, the same as <see cref="Normalize"/> gives in
    /// <see cref="NormalizedStatement.Kind"/>, without building the exact form, template, hashes or table list. For hot
    /// paths that need the full result only for some kinds (e.g. application traffic, where only DDL, DCL and audit
    /// configuration changes are reported).
    /// </summary>
    public static StatementKind Classify(ReadOnlySpan<char> sql, SqlNormalizerOptions? options = null)
    {
        options ??= SqlNormalizerOptions.Default;
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            // The same token preparation as Normalize, cut detection included, so the kind is the one Normalize returns.
            ScannedStatement statement = new(sql, options, buffers);
            ReadOnlySpan<StatementToken> tokens = PrepareTokens(ref statement, IsCut(statement, options, sql));
            return StatementClassifier.Classify(statement.Text, tokens, out _);
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }
    }

    /// <summary>Returns only the exact form of one statement (no hashes, kind or tables).</summary>
    public static string GetExactForm(ReadOnlySpan<char> sql, SqlNormalizerOptions? options = null) => Format(sql, options, template: false);

    /// <summary>Returns only the template of one statement (no hashes, kind or tables).</summary>
    public static string GetTemplate(ReadOnlySpan<char> sql, SqlNormalizerOptions? options = null) => Format(sql, options, template: true);

    /// <summary>
    /// Writes the template of one statement into <paramref name="destination"/> without allocating; returns false, with
    /// nothing written, when it does not fit. Three characters per input character plus 16 always suffice.
    /// </summary>
    public static bool TryFormatTemplate(ReadOnlySpan<char> sql, Span<char> destination, out int charsWritten, SqlNormalizerOptions? options = null) =>
        TryFormat(sql, destination, out charsWritten, options, template: true);

    /// <summary>
    /// Writes the exact form of one statement into <paramref name="destination"/> without allocating; returns false, with
    /// nothing written, when it does not fit. Three characters per input character plus 16 always suffice.
    /// </summary>
    public static bool TryFormatExactForm(ReadOnlySpan<char> sql, Span<char> destination, out int charsWritten, SqlNormalizerOptions? options = null) =>
        TryFormat(sql, destination, out charsWritten, options, template: false);

    private static string Format(ReadOnlySpan<char> sql, SqlNormalizerOptions? options, bool template)
    {
        ScratchBuffers buffers = ScratchBuffers.Rent();
        CharBuilder output = new(template ? buffers.Template : buffers.Exact);
        try
        {
            WriteForm(ref output, sql, options ?? SqlNormalizerOptions.Default, template, buffers);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
            ScratchBuffers.Return(buffers);
        }
    }

    private static bool TryFormat(ReadOnlySpan<char> sql, Span<char> destination, out int charsWritten, SqlNormalizerOptions? options, bool template)
    {
        ScratchBuffers buffers = ScratchBuffers.Rent();
        CharBuilder output = new(template ? buffers.Template : buffers.Exact);
        try
        {
            WriteForm(ref output, sql, options ?? SqlNormalizerOptions.Default, template, buffers);
            if (!output.AsSpan().TryCopyTo(destination))
            {
                charsWritten = 0;
                return false;
            }

            charsWritten = output.Length;
            return true;
        }
        finally
        {
            output.Dispose();
            ScratchBuffers.Return(buffers);
        }
    }

    private static void WriteForm(ref CharBuilder output, ReadOnlySpan<char> sql, SqlNormalizerOptions options, bool template, ScratchBuffers buffers)
    {
        ScannedStatement statement = new(sql, options, buffers);
        ReadOnlySpan<StatementToken> tokens = PrepareTokens(ref statement, IsCut(statement, options, sql));
        if (template)
        {
            TemplateWriter.Write(ref output, statement.Text, tokens, !options.NoBackslashEscapes, buffers);
        }
        else
        {
            ExactFormWriter.Write(ref output, statement.Text, tokens, !options.NoBackslashEscapes);
        }
    }

    private static bool IsCut(in ScannedStatement statement, SqlNormalizerOptions options, ReadOnlySpan<char> sql) =>
        TruncationDetector.FindReason(sql, statement, options.LogByteLimit) is not null;

    /// <summary>
    /// Drops semicolons before and after the statement and, when the text looks cut, the trailing word, number or operator
    /// that the cut may have shortened. "CU" might be the start of CURRENT_USER or of a column "customer_id", and no
    /// spelling of the fragment is a prefix of both. Leaving it out keeps the exact form a prefix of the complete one.
    /// </summary>
    private static ReadOnlySpan<StatementToken> PrepareTokens(ref ScannedStatement statement, bool cut)
    {
        while (statement.Count > 0 && statement.Tokens[^1].Kind == MySqlTokenKind.Semicolon)
        {
            statement.RemoveLast();
        }

        // A cut can also split one token into several, as "2.5E+3" cut to "2.5E+" lexes as 2.5, E and +, so the whole
        // run of touching tokens at the end goes.
        int end = statement.Text.Length;
        while (cut && statement.Count > 0)
        {
            MySqlToken last = statement.Tokens[^1].Token;
            bool shortenable = last.Kind is MySqlTokenKind.Word or MySqlTokenKind.Operator or MySqlTokenKind.Unknown
                or MySqlTokenKind.Dot or MySqlTokenKind.IntegerLiteral or MySqlTokenKind.DecimalLiteral
                or MySqlTokenKind.FloatLiteral or MySqlTokenKind.HexNumber or MySqlTokenKind.BitNumber
                || (last.Kind == MySqlTokenKind.UnterminatedIdentifier && IsPlainCutIdentifier(statement.Text.Slice(last.Start, last.Length)));
            if (last.End != end || !shortenable)
            {
                break;
            }

            statement.RemoveLast();
            end = last.Start;
        }

        ReadOnlySpan<StatementToken> tokens = statement.Tokens;
        int start = 0;
        while (start < tokens.Length && tokens[start].Kind == MySqlTokenKind.Semicolon)
        {
            start++;
        }

        return tokens[start..];
    }

    /// <summary>True when a cut quoted identifier holds only word characters, so its complete form may be written without quotes.</summary>
    private static bool IsPlainCutIdentifier(ReadOnlySpan<char> raw)
    {
        int quoteAt = raw[0] == '@' ? 1 : 0;
        foreach (char c in raw[(quoteAt + 1)..])
        {
            if (!CharClasses.IsWordChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
