using NUnit.Framework;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Tests.Layout;

[TestFixture]
public sealed class LineBreakerTests
{
    private static readonly TextStyle Style = new(10);

    // Width is in units of FixedWidthMeasurer: Latin 1, Japanese 2. Lines are joined with '|'.
    [TestCase("the quick brown fox", 10, "the quick|brown fox")]
    [TestCase("the quick brown fox", 9, "the quick|brown fox")]
    [TestCase("the quick brown fox", 8, "the|quick|brown|fox")]
    [TestCase("a  b", 1, "a|b")]
    [TestCase("", 10, "")]
    [TestCase("one\ntwo", 10, "one|two")]
    [TestCase("one\r\ntwo\rthree", 10, "one|two|three")]
    [TestCase("日本語の文章です", 6, "日本語|の文章|です")]
    [TestCase("監査ログ、網羅性", 8, "監査|ログ、網|羅性")]
    [TestCase("例外です。次の文", 8, "例外で|す。次の|文")]
    [TestCase("承認（チケット）済み", 8, "承認|（チケッ|ト）済み")]
    [TestCase("承認（チケット）済み", 12, "承認|（チケット）|済み")]
    [TestCase("値は「承認済み」です", 10, "値は「承認|済み」です")]
    [TestCase("値は「承認済み」です", 6, "値は|「承認|済み」|です")]
    [TestCase("ログインはユーザーが行う", 8, "ログイン|は|ユーザー|が行う")]
    [TestCase("エスカレーション済み", 16, "エスカレーション|済み")]
    [TestCase("エスカレーション済み", 14, "エスカレーショ|ン済み")]
    [TestCase("エスカレーション", 8, "エスカ|レーショ|ン")]
    [TestCase("インスタンスごとの最初", 8, "インスタ|ンスごと|の最初")]
    [TestCase("インスタンスごとの最初", 12, "インスタンス|ごとの最初")]
    [TestCase("切り詰められたステートメント", 16, "切り詰められた|ステートメント")]
    [TestCase("データ・ベース", 8, "データ・|ベース")]
    [TestCase("ｲﾝｽﾀﾝｽの数", 12, "ｲﾝｽﾀﾝｽ|の数")]
    [TestCase("2026年12月の報告", 8, "2026年|12月の報|告")]
    [TestCase("期間は2026年12月", 10, "期間は|2026年12月")]
    [TestCase("SQL文を確認", 7, "SQL文を|確認")]
    [TestCase("OPS-2026-1204 rename", 8, "OPS-|2026-120|4 rename")]
    [TestCase("2026-12-05 13:53:15", 12, "2026-12-05|13:53:15")]
    [TestCase("logs/mariadb/server_audit.log", 14, "logs/mariadb/|server_|audit.log")]
    [TestCase("k.suzuki", 4, "k.su|zuki")]
    [TestCase("V002__invoice_status_and_indexes.sql", 20, "V002__invoice_|status_and_|indexes.sql")]
    [TestCase("V002__invoice_status", 8, "V002__|invoice_|status")]
    [TestCase("a_ b", 2, "a_|b")]
    [TestCase("core.sql, statement 1", 19, "core.sql,|statement 1")]
    [TestCase("Exceptions raised: 52.", 19, "Exceptions|raised: 52.")]
    [TestCase("the quick brown fox", 16, "the quick|brown fox")]
    [TestCase("abcdefghij 1", 10, "abcdefghij|1")]
    [TestCase("例外の件数は52件です。", 20, "例外の件数は52件で|す。")]
    public void Break_Table(string text, double width, string expected)
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());

        List<TextLine> lines = breaker.Break(text, width, Style);

        Assert.That(string.Join('|', lines.Select(line => line.Text)), Is.EqualTo(expected));
    }

    [TestCase("、")]
    [TestCase("。")]
    [TestCase("ッ")]
    [TestCase("ィ")]
    [TestCase("）")]
    [TestCase("」")]
    [TestCase("』")]
    [TestCase("ー")]
    [TestCase("っ")]
    [TestCase("ャ")]
    [TestCase("！")]
    [TestCase("？")]
    [TestCase("・")]
    public void Break_JapaneseText_NoLineStartsWith(string mark)
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());
        string text = string.Concat(Enumerable.Repeat("監査" + mark + "例外" + mark, 20));

        for (double width = 4; width <= 30; width += 2)
        {
            List<TextLine> lines = breaker.Break(text, width, Style);

            Assert.That(lines.Skip(1).Where(line => line.Text.StartsWith(mark, StringComparison.Ordinal)), Is.Empty, $"width {width}");
            Assert.That(string.Concat(lines.Select(line => line.Text)), Is.EqualTo(text), $"width {width}: no character lost");
        }
    }

    [TestCase("（")]
    [TestCase("「")]
    [TestCase("『")]
    [TestCase("【")]
    public void Break_JapaneseText_NoLineEndsWith(string mark)
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());
        string text = string.Concat(Enumerable.Repeat("監査" + mark + "例外", 20));

        for (double width = 4; width <= 30; width += 2)
        {
            List<TextLine> lines = breaker.Break(text, width, Style);

            Assert.That(lines.SkipLast(1).Where(line => line.Text.EndsWith(mark, StringComparison.Ordinal)), Is.Empty, $"width {width}");
        }
    }

    [Test]
    public void Break_SurrogatePair_MeasuredAsOneCharacter()
    {
        FixedWidthMeasurer measurer = new();
        LineBreaker breaker = new(measurer);

        List<TextLine> lines = breaker.Break("𠮟責𠮟責𠮟", 4, Style);

        Assert.That(lines.Select(line => line.Text), Is.EqualTo(SurrogateLines));
        Assert.That(measurer.Measured, Has.Count.EqualTo(5), "five characters, not eight UTF-16 units");
        Assert.That(lines.Select(line => line.Width), Is.All.EqualTo(4).Or.EqualTo(2));
    }

    [Test]
    public void Break_CombiningMark_StaysWithItsBase()
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());

        // "e" + combining acute accent, five times: each pair is one text element.
        List<TextLine> lines = breaker.Break(string.Concat(Enumerable.Repeat("e\u0301", 5)), 2, Style);

        Assert.That(lines.Select(line => line.Text), Is.All.EqualTo("e\u0301e\u0301").Or.EqualTo("e\u0301"));
    }

    [Test]
    public void Break_LongToken_BreaksAnywhereAndKeepsEveryCharacter()
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());
        string hash = "8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b";

        List<TextLine> lines = breaker.Break("sha256: " + hash, 20, Style);

        Assert.That(lines.Select(line => line.Width), Is.All.LessThanOrEqualTo(20));
        Assert.That(string.Concat(lines.Skip(1).Select(line => line.Text)), Is.EqualTo(hash));
    }

    [Test]
    public void Break_LongSql_KeepsEveryToken()
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());
        string sql = "INSERT INTO t (a, b) VALUES " + string.Join(", ", Enumerable.Repeat("(?, ?)", 200));

        List<TextLine> lines = breaker.Break(sql, 37, Style);

        Assert.That(lines.Select(line => line.Width), Is.All.LessThanOrEqualTo(37));
        Assert.That(string.Join(' ', lines.Select(line => line.Text)), Is.EqualTo(sql));
    }

    [Test]
    public void Break_CharacterWiderThanLine_GetsItsOwnLine()
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());

        List<TextLine> lines = breaker.Break("監査", 1, Style);

        Assert.That(lines.Select(line => line.Text), Is.EqualTo(WideLines));
    }

    [TestCase("インスタンス", 12)]
    [TestCase("対象インスタンス", 12)]
    [TestCase("エスカレーション済み", 16)]
    [TestCase("Instance/account", 9)]
    [TestCase("監査ログ", 4)]
    [TestCase("2026年", 6)]
    [TestCase("", 0)]
    public void MinContentWidth_Text_IsWidestUnbreakablePiece(string text, double expected)
    {
        LineBreaker breaker = new(new FixedWidthMeasurer());

        Assert.That(breaker.MinContentWidth(text, Style), Is.EqualTo(expected));
    }

    private static readonly string[] SurrogateLines = ["𠮟責", "𠮟責", "𠮟"];

    private static readonly string[] WideLines = ["監", "査"];
}
