using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Reports.Text;

/// <summary>
/// The report's words in one language, read from the embedded <c>Resources/strings.{language}.json</c>: every label,
/// heading, kind, severity and status name, sentence, and date format the PDF prints.
/// </summary>
internal sealed class ReportText
{
    /// <summary>Languages with a resource file.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "ja"];

    private static readonly Dictionary<string, ReportText> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadLock = new();

    private readonly FrozenDictionary<string, string> strings;

    private ReportText(string language, FrozenDictionary<string, string> strings)
    {
        Language = language;
        this.strings = strings;
    }

    public string Language { get; }

    /// <summary>All keys, for tests that compare the languages.</summary>
    public IEnumerable<string> Keys => strings.Keys;

    public string this[string key] => strings.TryGetValue(key, out string? value)
        ? value
        : throw new KeyNotFoundException($"The report text '{key}' is missing from strings.{Language}.json; add it there and to every other language file.");

    /// <summary>Returns the text for <paramref name="language"/> (<c>en</c> or <c>ja</c>).</summary>
    public static ReportText For(string language)
    {
        if (!Languages.Contains(language))
        {
            throw new ArgumentException($"The report language '{language}' is not supported; use one of: {string.Join(", ", Languages)}.", nameof(language));
        }

        lock (LoadLock)
        {
            if (!Loaded.TryGetValue(language, out ReportText? text))
            {
                text = new ReportText(language, Load(language));
                Loaded[language] = text;
            }

            return text;
        }
    }

    public bool Has(string key) => strings.ContainsKey(key);

    /// <summary>Fills the numbered placeholders of a text, formatting numbers with digit grouping.</summary>
    public string Format(string key, params object[] arguments)
    {
        object[] formatted = [.. arguments.Select(argument => argument switch
        {
            int number => Number(number),
            long number => Number(number),
            _ => argument,
        })];
        return string.Format(CultureInfo.InvariantCulture, this[key], formatted);
    }

    /// <summary>Joins names with the language's list separator (", " or "、"); an empty list gives a dash.</summary>
    public string Join(IEnumerable<string> values)
    {
        string joined = string.Join(this["list.separator"], values);
        return joined.Length == 0 ? "—" : joined;
    }

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Returns the display name of a finding kind; an unknown kind falls back to its snake_case id.</summary>
    public string KindName(string kind) => strings.GetValueOrDefault("kind." + kind, kind);

    /// <summary>Returns the one-sentence description of a finding kind, or an empty string for an unknown kind.</summary>
    public string KindDescription(string kind) => strings.GetValueOrDefault("kind_description." + kind, "");

    public string SeverityName(Severity severity) => this["severity." + severity.ToString().ToLowerInvariant()];

    /// <summary>Returns the display name of a disposition status; an unknown status falls back to its id.</summary>
    public string StatusName(string status) => strings.GetValueOrDefault("status." + status, status);

    /// <summary>Returns the display name of a control; an unknown control falls back to its id.</summary>
    public string ControlName(string control) => strings.GetValueOrDefault("control." + control, control);

    private static FrozenDictionary<string, string> Load(string language)
    {
        string name = $"QueryAudit.Reports.Resources.strings.{language}.json";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing; check the EmbeddedResource items of QueryAudit.Reports.csproj.");
        using JsonDocument document = JsonDocument.Parse(stream);

        Dictionary<string, string> values = new(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.GetString()
                ?? throw new InvalidOperationException($"The text '{property.Name}' in {name} is not a string.");
        }

        return values.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
