using System.Security.Cryptography;
using NUnit.Framework;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Pdf;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Reports.Tests.Pdf;

[TestFixture]
public sealed class PdfReportRendererTests
{
    private static readonly string[] EnglishHeadings =
    [
        "Database Query Audit Report", "1. Summary", "2. Completeness of the audit log", "3. Exceptions",
        "4. Approved executions", "Audit sample", "5. Method", "6. Sign-off",
    ];

    private static readonly string[] JapaneseHeadings =
    [
        "データベースクエリ監査報告書", "1.要約", "2.監査ログの網羅性", "3.例外", "4.承認済みの実行", "監査サンプル", "5.方法", "6.承認",
    ];

    [TestCase("en")]
    [TestCase("ja")]
    public void Render_Fixture_HasEverySectionInOrder(string language)
    {
        byte[] pdf = Render(ReportModelFixture.Build(language));

        string all = PdfText.Squeeze(string.Join(' ', PdfText.Pages(pdf)));
        int previous = -1;
        foreach (string heading in language == "en" ? EnglishHeadings : JapaneseHeadings)
        {
            int position = all.IndexOf(PdfText.Squeeze(heading), previous + 1, StringComparison.Ordinal);
            Assert.That(position, Is.GreaterThan(previous), $"heading '{heading}' missing or out of order");
            previous = position;
        }
    }

    [TestCase("en", "December2026")]
    [TestCase("ja", "2026年12月")]
    public void Render_Fixture_ShowsPeriodOnEveryPage(string language, string period)
    {
        List<string> pages = PdfText.Pages(Render(ReportModelFixture.Build(language)));

        Assert.That(pages, Has.Count.GreaterThan(6));
        for (int i = 0; i < pages.Count; i++)
        {
            Assert.That(PdfText.Squeeze(pages[i]), Does.Contain(period), $"page {i + 1}");
        }
    }

    [TestCase("en", "could not be read to its end: line 3,667 and everything after it were not read")]
    [TestCase("ja", "は最後まで読み取れませんでした。3,667行目以降は読み取っておらず")]
    public void Render_UnreadRest_SaysFileWasNotReadToEnd(string language, string expected)
    {
        ReportModel model = ReportModelFixture.Build(language);
        model = model with
        {
            Completeness = model.Completeness with
            {
                UnreadRestBySource = new Dictionary<string, long>(StringComparer.Ordinal) { ["logs/mariadb/server_audit.log.003.gz"] = 3667 },
            },
        };

        string all = PdfText.Squeeze(string.Join(' ', PdfText.Pages(Render(model))));

        Assert.That(all, Does.Contain(PdfText.Squeeze("server_audit.log.003.gz")));
        Assert.That(all, Does.Contain(PdfText.Squeeze(expected)));
    }

    // The demo period of README.md: ten minutes on the morning of 5 December 2026 in Tokyo.
    [TestCase("en", "5 December 2026, 04:51:13 to 05:01:13", "2026-12-05 04:51:13")]
    [TestCase("ja", "2026年12月5日 04:51:13～05:01:13", "2026/12/05 04:51:13")]
    public void Render_TenMinutePeriod_CoverShowsTimes(string language, string title, string start)
    {
        ReportModel model = ReportModelFixture.Build(language);
        model = model with
        {
            Header = model.Header with
            {
                PeriodStart = new DateTimeOffset(2026, 12, 4, 19, 51, 13, 387, TimeSpan.Zero),
                PeriodEnd = new DateTimeOffset(2026, 12, 4, 20, 1, 13, 439, TimeSpan.Zero),
            },
        };

        string cover = PdfText.Squeeze(PdfText.Pages(Render(model))[0]);

        Assert.That(cover, Does.Contain(PdfText.Squeeze(title)));
        Assert.That(cover, Does.Contain(PdfText.Squeeze(start)));
    }

    // A one-day period makes the English footer too long for one line; the id is the longest form, an amended --from/--to report.
    [TestCase("en")]
    [TestCase("ja")]
    public void Layout_LongFooter_KeepsReportIdOnOneLine(string language)
    {
        const string ReportId = "QA-20261204T195113Z-20261204T200113Z-en-A12-24ee66f2";
        ReportModel model = ReportModelFixture.Build(language);
        model = model with
        {
            Header = model.Header with
            {
                ReportId = ReportId,
                PeriodStart = new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero),
                PeriodEnd = new DateTimeOffset(2026, 12, 5, 15, 0, 0, TimeSpan.Zero),
            },
        };
        using PdfTextMeasurer measurer = new();

        IReadOnlyList<QueryAudit.Reports.Layout.LaidOutPage> pages = ReportLayout.Build(model, QueryAudit.Reports.Text.ReportText.For(language), measurer, new PdfReportOptions());

        foreach (QueryAudit.Reports.Layout.LaidOutPage page in pages)
        {
            List<string> footer = [.. page.Texts.Where(text => text.Role == QueryAudit.Reports.Layout.TextRole.Footer).Select(text => text.Text)];
            Assert.That(footer.Any(line => line.Contains(ReportId, StringComparison.Ordinal)), Is.True, string.Join(" | ", footer));
        }
    }

    [TestCase("en", "Page{0}of{1}")]
    [TestCase("ja", "{0}/{1}ページ")]
    public void Render_Fixture_NumbersPagesNofM(string language, string pattern)
    {
        List<string> pages = PdfText.Pages(Render(ReportModelFixture.Build(language)));

        for (int i = 0; i < pages.Count; i++)
        {
            Assert.That(PdfText.Squeeze(pages[i]), Does.Contain(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, i + 1, pages.Count)), $"page {i + 1}");
        }
    }

    [TestCase("en")]
    [TestCase("ja")]
    public void Render_Fixture_ShowsCountsAndValues(string language)
    {
        List<string> columns = [.. PdfText.Columns(Render(ReportModelFixture.Build(language))).Select(PdfText.Squeeze)];

        AssertShown(columns, "402,118", "statements reconciled");
        AssertShown(columns, "1,284,377", "events read");
        AssertShown(columns, ReportModelFixture.ReportId, "report id");
        AssertShown(columns, "3f9c2a1d7be04c55e61f0a2b9d8c7e6f5a4b3c2d", "catalog commit");
        AssertShown(columns, "F-a1f09c3e7d21", "finding id");
        AssertShown(columns, "UPDATEcustomersSETcredit_limit=?WHEREcustomer_id=?", "masked statement");
        AssertShown(columns, "与信限度額の手動変更。営業部長の口頭依頼のみで、承認記録なし（職務分掌違反の疑い）。", "Japanese note");
        AssertShown(columns, "operations/OPS-2026-1204__rename_customer_7_jp.sql", "matched script");
        AssertShown(columns, "k.suzuki", "reviewer");
        AssertShown(columns, "SEC-2026-0031", "ticket");
        AssertShown(columns, "8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b", "input SHA-256");
    }

    [TestCase("en", "Statement(masked)/reason")]
    [TestCase("ja", "ステートメント（マスク済み）／理由")]
    public void Render_LongStatement_WrapsAcrossPagesWhole(string language, string header)
    {
        List<string> columns = [.. PdfText.ColumnsAcrossPages(Render(ReportModelFixture.Build(language)))
            .Select(column => PdfText.Squeeze(column).Replace(header, "", StringComparison.Ordinal))];

        AssertShown(columns, PdfText.Squeeze(ReportModelFixture.LongStatement), "long statement");
    }

    [TestCase("en", "Reason: the audit configuration was changed")]
    [TestCase("en", "Reason: no events for longer than the gap threshold: 2026-12-18 11:00:00 to 2026-12-18 14:30:00 (3.5 h)")]
    [TestCase("en", "Reason: same template as approved operations/OPS-2026-1204__rename_customer_7_jp.sql statement 1, but the value after 'customer_id =' differs")]
    [TestCase("en", "Reason: data change that matches no approved script (failed attempt: error 1142, nothing was changed)")]
    [TestCase("en", "Reason: No approved script contains this statement")]
    [TestCase("ja", "理由：監査設定が変更されました")]
    [TestCase("ja", "理由：しきい値を超えてイベントがありませんでした：2026/12/18 11:00:00～2026/12/18 14:30:00（3.5時間）")]
    [TestCase("ja", "理由：承認済みの operations/OPS-2026-1204__rename_customer_7_jp.sql（ステートメント1）と同じテンプレートですが、「customer_id =」の後の値が異なります")]
    [TestCase("ja", "理由：どの承認済みスクリプトにも一致しないデータ変更（失敗した試行：エラー 1142、変更は行われていません）")]
    [TestCase("ja", "理由：10.0.1.12 からの app_billing のログインが失敗しました（エラー 1045）")]
    [TestCase("ja", "互いに1分以内の間隔で12回失敗しました")]
    [TestCase("en", "within 1m or less of each other")]
    public void Render_Fixture_WordsReasonsInLanguage(string language, string expected)
    {
        List<string> columns = [.. PdfText.Columns(Render(ReportModelFixture.Build(language))).Select(PdfText.Squeeze)];

        AssertShown(columns, PdfText.Squeeze(expected), "reason");
    }

    [TestCase("en", "5 within 1m")]
    [TestCase("en", "account app_billing")]
    [TestCase("en", "application hosts 10.0.0.0/16")]
    [TestCase("en", "15m")]
    [TestCase("ja", "1分以内に5回")]
    [TestCase("ja", "アカウント app_billing")]
    [TestCase("ja", "アプリケーションのホスト 10.0.0.0/16")]
    [TestCase("ja", "担当者")]
    [TestCase("ja", "15分")]
    [TestCase("ja", "7日")]
    public void Render_Fixture_WordsPolicyRowsInLanguage(string language, string expected)
    {
        List<string> columns = [.. PdfText.ColumnsAcrossPages(Render(ReportModelFixture.Build(language))).Select(PdfText.Squeeze)];

        AssertShown(columns, PdfText.Squeeze(expected), "policy row");
    }

    [Test]
    public void Render_Japanese_LeavesOutEnglishOnlyReasons()
    {
        string all = string.Join(' ', PdfText.Pages(Render(ReportModelFixture.Build("ja"))));

        Assert.That(all, Does.Not.Contain("No approved script contains this statement"));
    }

    [TestCase("en", "2026-12-05 13:53:15")]
    [TestCase("ja", "2026/12/05 13:53:15")]
    public void Render_Fixture_ShowsTimesInPeriodZone(string language, string expected)
    {
        List<string> columns = PdfText.Columns(Render(ReportModelFixture.Build(language)));

        AssertShown(columns, expected, "finding time in Asia/Tokyo, on one line");
    }

    [TestCase("en", "1 December 2026 to 31 January 2027")]
    [TestCase("ja", "2026年12月1日～2027年1月31日")]
    public void Render_TwoMonthPeriod_NamesFirstAndLastDay(string language, string period)
    {
        ReportModel model = ReportModelFixture.Build(language);
        model = model with { Header = model.Header with { PeriodEnd = ReportModelFixture.PeriodEnd.AddMonths(1), PeriodLabel = "2026-12-01/2027-02-01" } };

        List<string> pages = PdfText.Pages(Render(model));

        Assert.That(pages.All(page => PdfText.Squeeze(page).Contains(PdfText.Squeeze(period), StringComparison.Ordinal)), Is.True, period);
    }

    [Test]
    public void Render_Japanese_ShowsNoEnglishLabels()
    {
        string all = string.Join(' ', PdfText.Pages(Render(ReportModelFixture.Build("ja"))));

        foreach (string english in (string[])["Summary", "Exceptions", "Page", "Open", "Explained", "Severity", "Approved", "Reviewed", "Critical", "Period", "Unapproved", "no events", "matches no approved", "Reason"])
        {
            Assert.That(all, Does.Not.Contain(english), english);
        }
    }

    [TestCase("en")]
    [TestCase("ja")]
    public void Render_Twice_GivesIdenticalBytes(string language)
    {
        byte[] first = Render(ReportModelFixture.Build(language));
        byte[] second = Render(ReportModelFixture.Build(language));

        Assert.That(Convert.ToHexString(SHA256.HashData(second)), Is.EqualTo(Convert.ToHexString(SHA256.HashData(first))));
    }

    [TestCase("en")]
    [TestCase("ja")]
    public void Render_Fixture_IsTaggedWithLanguage(string language)
    {
        string raw = System.Text.Encoding.Latin1.GetString(Render(ReportModelFixture.Build(language)));

        Assert.That(raw, Does.Contain("/StructTreeRoot"), "structure tree");
        Assert.That(raw, Does.Contain("/Marked true"), "marked content");
        Assert.That(raw, Does.Contain($"/Lang({language})"), "document language");
        Assert.That(raw, Does.Contain("/S/Table"), "tables tagged");
        Assert.That(raw, Does.Contain("/S/H1"), "headings tagged");
        Assert.That(CountOf(raw, "/S/Figure"), Is.EqualTo(3), "heatmap and two charts");
        Assert.That(CountOf(raw, "/Alt"), Is.EqualTo(3), "every figure has alternative text");
    }

    [Test]
    public void Render_Untagged_HasNoStructureTree()
    {
        byte[] pdf = new PdfReportRenderer(new PdfReportOptions { Tagged = false }).Render(ReportModelFixture.Build("en"));

        Assert.That(System.Text.Encoding.Latin1.GetString(pdf), Does.Not.Contain("/StructTreeRoot"));
    }

    [Test]
    public void Render_WithLiterals_SaysSoOnCover()
    {
        List<string> pages = PdfText.Pages(Render(ReportModelFixture.Build("en", includeLiterals: true)));

        Assert.That(PdfText.Squeeze(pages[0]), Does.Contain("printsqueryliteralsunmasked"));
        Assert.That(PdfText.Squeeze(string.Join(' ', pages)), Does.Contain("customer_id=42"));
    }

    [Test]
    public void Render_WithoutLiterals_PrintsNoLiteral()
    {
        string all = PdfText.Squeeze(string.Join(' ', PdfText.Pages(Render(ReportModelFixture.Build("en")))));

        Assert.That(all, Does.Not.Contain("customer_id=42"));
        Assert.That(all, Does.Not.Contain("髙橋"));
    }

    [Test]
    public void Render_ManyFindings_MovesDetailsToAppendix()
    {
        List<string> pages = PdfText.Pages(Render(ReportModelFixture.Build("en", extraFindings: 300, extraExecutions: 80)));
        string all = PdfText.Squeeze(string.Join(' ', pages));

        Assert.That(all, Does.Contain("AppendixA:"));
        Assert.That(all, Does.Contain("AppendixB:"));
        Assert.That(all.IndexOf("6.Sign-off", StringComparison.Ordinal), Is.LessThan(all.IndexOf("AppendixA:", StringComparison.Ordinal)));
    }

    /// <summary>Asserts that some column contains <paramref name="expected"/>, without printing the whole report on failure.</summary>
    private static void AssertShown(List<string> columns, string expected, string what) =>
        Assert.That(columns.Any(column => column.Contains(expected, StringComparison.Ordinal)), Is.True, $"{what}: '{expected}' not found");

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static byte[] Render(ReportModel model)
    {
        byte[] pdf = new PdfReportRenderer().Render(model);
        string folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "rendered");
        Directory.CreateDirectory(folder);
        string name = string.Concat(TestContext.CurrentContext.Test.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), pdf);
        return pdf;
    }
}
