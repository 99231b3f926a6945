using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Tests.Text;

[TestFixture]
public sealed partial class ReportTextTests
{
    [Test]
    public void Languages_HaveTheSameKeys()
    {
        ReportText english = ReportText.For("en");
        ReportText japanese = ReportText.For("ja");

        Assert.That(japanese.Keys.Order(StringComparer.Ordinal), Is.EqualTo(english.Keys.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void Languages_HaveTheSamePlaceholders()
    {
        ReportText english = ReportText.For("en");
        ReportText japanese = ReportText.For("ja");

        foreach (string key in english.Keys.Except(EnglishOnlyArguments))
        {
            Assert.That(Placeholders(japanese[key]), Is.EqualTo(Placeholders(english[key])), key);
        }
    }

    [Test]
    public void Japanese_LeavesOutEnglishOnlyArguments()
    {
        ReportText japanese = ReportText.For("ja");

        foreach (string key in EnglishOnlyArguments)
        {
            Assert.That(Placeholders(japanese[key]), Is.Empty, key);
        }
    }

    // The reconciler fills these reasons' only argument with English prose, so the Japanese templates leave it out.
    private static readonly string[] EnglishOnlyArguments = ["reason.truncated_statement", "reason.catalog_problem"];

    [Test]
    public void EveryFindingKind_HasNameAndDescription([Values("en", "ja")] string language)
    {
        ReportText text = ReportText.For(language);
        IEnumerable<string> kinds = typeof(FindingKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetValue(null)!);

        foreach (string kind in kinds)
        {
            Assert.That(text.Has("kind." + kind), Is.True, "name of " + kind);
            Assert.That(text.Has("kind_description." + kind), Is.True, "description of " + kind);
        }
    }

    [Test]
    public void EveryControlAndStatus_HasNameAndConclusions([Values("en", "ja")] string language)
    {
        ReportText text = ReportText.For(language);

        foreach (string control in ReportBuilder.Controls)
        {
            Assert.That(text.Has("control." + control), Is.True, "name of " + control);
            Assert.That(text.Has($"conclusion.{control}.clean"), Is.True, "clean conclusion of " + control);
            Assert.That(text.Has($"conclusion.{control}.exceptions"), Is.True, "exceptions conclusion of " + control);
        }

        foreach (string status in ReportBuilder.Statuses)
        {
            Assert.That(text.Has("status." + status), Is.True, "status " + status);
        }

        foreach (Severity severity in Enum.GetValues<Severity>())
        {
            Assert.That(text.SeverityName(severity), Is.Not.Empty);
        }

        foreach (GapCause cause in Enum.GetValues<GapCause>())
        {
            Assert.That(text.Has("gap_cause." + QueryAudit.Reports.Csv.CsvValues.SnakeCase(cause.ToString())), Is.True, "gap cause " + cause);
        }
    }

    [Test]
    public void Japanese_HasNoAsciiWordsOutsideAllowedTerms()
    {
        ReportText japanese = ReportText.For("ja");

        // Acronyms, product names and file names stay in Latin letters in Japanese documents.
        HashSet<string> allowed = new(StringComparer.Ordinal)
        {
            "ID", "IT", "DDL", "DML", "DCL", "SQL", "SHA", "API", "AWS", "QueryAudit", "manifest", "json", "quarantine", "findings", "approved", "executions", "report", "csv", "KILL", "SET", "GLOBAL", "PREPARE", "EXECUTE",
            "yyyy", "MM", "dd", "HH", "mm", "ss", "M", "d",
        };
        foreach (string key in japanese.Keys)
        {
            foreach (Match word in AsciiWord().Matches(japanese[key]))
            {
                Assert.That(allowed, Does.Contain(word.Value), $"{key}: {japanese[key]}");
            }
        }
    }

    [TestCase("en", "December 2026")]
    [TestCase("ja", "2026年12月")]
    public void PeriodName_CalendarMonth_UsesMonthFormat(string language, string expected)
    {
        ReportClock clock = new("Asia/Tokyo", ReportText.For(language));

        Assert.That(clock.PeriodName(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 31, 15, 0, 0, TimeSpan.Zero)), Is.EqualTo(expected));
    }

    // The demo period: 2026-12-04T19:51:13.387Z to 2026-12-04T20:01:13.439Z, the morning of 5 December in Tokyo.
    [TestCase("en", "Asia/Tokyo", "5 December 2026, 04:51:13 to 05:01:13")]
    [TestCase("ja", "Asia/Tokyo", "2026年12月5日 04:51:13～05:01:13")]
    [TestCase("en", "UTC", "4 December 2026, 19:51:13 to 20:01:13")]
    public void PeriodName_TenMinutes_ShowsTimes(string language, string zone, string expected)
    {
        ReportClock clock = new(zone, ReportText.For(language));

        Assert.That(clock.PeriodName(new DateTimeOffset(2026, 12, 4, 19, 51, 13, 387, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 20, 1, 13, 439, TimeSpan.Zero)), Is.EqualTo(expected));
    }

    [TestCase("en", "4 December 2026, 12:00:00 to 6 December 2026, 00:30:00")]
    [TestCase("ja", "2026年12月4日 12:00:00～2026年12月6日 00:30:00")]
    public void PeriodName_DaysNotAtMidnight_ShowsTimes(string language, string expected)
    {
        ReportClock clock = new("Asia/Tokyo", ReportText.For(language));

        Assert.That(clock.PeriodName(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 5, 15, 30, 0, TimeSpan.Zero)), Is.EqualTo(expected));
    }

    [TestCase("en", "1 December 2026 to 15 December 2026")]
    [TestCase("ja", "2026年12月1日～2026年12月15日")]
    public void PeriodName_PartialMonth_UsesFirstAndLastDay(string language, string expected)
    {
        ReportClock clock = new("Asia/Tokyo", ReportText.For(language));

        Assert.That(clock.PeriodName(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 15, 15, 0, 0, TimeSpan.Zero)), Is.EqualTo(expected));
    }

    [Test]
    public void Clock_UnknownZone_NamesTheZone()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => _ = new ReportClock("Asia/Nowhere", ReportText.For("en")))!;

        Assert.That(error.Message, Does.Contain("Asia/Nowhere"));
    }

    [Test]
    public void For_UnknownLanguage_ListsSupportedOnes()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ReportText.For("fr"))!;

        Assert.That(error.Message, Does.Contain("en, ja"));
    }

    private static List<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(match => match.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex AsciiWord();
}
