using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using QueryAudit.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Finds and reads the approval header of a script: a block comment at the top whose first word is <c>queryaudit</c>,
/// holding YAML.
/// </summary>
public static partial class ApprovalHeaderParser
{
    private const string Marker = "queryaudit";

    /// <summary>
    /// Reads the header of <paramref name="script"/>. Problems (malformed YAML, unknown keys, invalid values, a header that is
    /// not at the top) are added to <paramref name="problems"/> with file lines.
    /// </summary>
    /// <param name="script">The whole script text.</param>
    /// <param name="file">Catalog-relative path used in problems.</param>
    /// <param name="problems">Receives the problems found.</param>
    /// <returns>What was found: no header, a header that could not be read, or the header.</returns>
    public static ApprovalHeaderParseResult Parse(string script, string file, ICollection<CatalogProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(problems);

        int commentStart = SkipWhitespace(script);
        int markerStart = LeadingMarker(script, commentStart);
        ReportMisplacedHeaders(script, file, markerStart >= 0 ? commentStart : -1, problems);
        if (markerStart < 0)
        {
            return new ApprovalHeaderParseResult(false, null);
        }

        int startLine = LineAt(script, commentStart);
        int close = script.IndexOf("*/", markerStart, StringComparison.Ordinal);
        if (close < 0)
        {
            problems.Add(Error(file, startLine, CatalogProblemCodes.UnterminatedHeader, "approval header is not closed; end it with */ on its own line"));
            return new ApprovalHeaderParseResult(true, null);
        }

        int bodyStart = markerStart + Marker.Length;
        string yaml = script[bodyStart..close];
        int yamlFirstLine = LineAt(script, bodyStart);
        int endLine = LineAt(script, close);

        YamlMappingNode? mapping = LoadMapping(yaml, file, startLine, yamlFirstLine, problems);
        if (mapping is null)
        {
            return new ApprovalHeaderParseResult(true, null);
        }

        ApprovalHeader header = ReadKeys(mapping, file, yamlFirstLine, problems) with
        {
            StartLine = startLine,
            EndLine = endLine,
            Yaml = yaml,
        };

        return new ApprovalHeaderParseResult(true, header);
    }

    private static YamlMappingNode? LoadMapping(string yaml, string file, int startLine, int yamlFirstLine, ICollection<CatalogProblem> problems)
    {
        YamlStream stream = [];
        LineTrackingParser parser = new(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException exception)
        {
            // The end mark is where the scanner gave up, which is the offending line (the start mark can be lines earlier).
            int line = yamlFirstLine + (int)exception.End.Line - 1;
            string reason = YamlLines.Explain(InnermostMessage(exception));
            problems.Add(Error(file, line, CatalogProblemCodes.MalformedYaml, $"approval header is not valid YAML: {reason}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16.3 throws this instead of a YamlException for an unclosed flow collection such as "[a, b".
            int line = yamlFirstLine + (int)parser.LastEventLine - 1;
            problems.Add(Error(file, line, CatalogProblemCodes.MalformedYaml,
                "approval header is not valid YAML: a '[', '{' or quote near this line is not closed"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        if (stream.Documents.Count > 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            problems.Add(Error(file, startLine, CatalogProblemCodes.MalformedYaml, "approval header must be YAML 'key: value' lines, one mapping"));
            return null;
        }

        return mapping;
    }

    private static ApprovalHeader ReadKeys(YamlMappingNode mapping, string file, int yamlFirstLine, ICollection<CatalogProblem> problems)
    {
        Dictionary<string, int> keyLines = new(StringComparer.Ordinal);
        ApprovalHeader header = new() { StartLine = 0, EndLine = 0, Yaml = "" };

        foreach ((YamlNode keyNode, YamlNode valueNode) in mapping.Children)
        {
            int line = FileLine(keyNode, yamlFirstLine);
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                problems.Add(Error(file, line, CatalogProblemCodes.MalformedYaml, "approval header keys must be plain words such as 'ticket'"));
                continue;
            }

            if (!ApprovalHeaderKeys.All.Contains(key, StringComparer.Ordinal))
            {
                problems.Add(Error(file, line, CatalogProblemCodes.UnknownKey, UnknownKeyMessage(key)));
                continue;
            }

            keyLines[key] = line;
            ValueReader reader = new(file, key, yamlFirstLine, problems);
            header = key switch
            {
                ApprovalHeaderKeys.Ticket => header with { Ticket = reader.Text(valueNode) },
                ApprovalHeaderKeys.ApprovedBy => header with { ApprovedBy = reader.Names(valueNode) },
                ApprovalHeaderKeys.Executor => header with { Executors = reader.Names(valueNode) },
                ApprovalHeaderKeys.Window => WithWindow(header, valueNode, reader),
                ApprovalHeaderKeys.Target => header with { Targets = reader.Targets(valueNode) },
                ApprovalHeaderKeys.MaxRuns => header with { MaxRuns = reader.PositiveInteger(valueNode) },
                ApprovalHeaderKeys.Purpose => header with { Purpose = reader.Text(valueNode) },
                ApprovalHeaderKeys.ApprovedAt => header with { ApprovedAt = reader.DateTime(valueNode) },
                _ => header,
            };
        }

        return header with { KeyLines = keyLines };
    }

    private static ApprovalHeader WithWindow(ApprovalHeader header, YamlNode valueNode, ValueReader reader)
    {
        string? text = reader.Text(valueNode);
        if (text is null)
        {
            return header;
        }

        (DateTimeOffset Start, DateTimeOffset End)? interval = Iso8601.ParseInterval(text, out string? error);
        if (interval is null)
        {
            reader.Report(valueNode, CatalogProblemCodes.InvalidWindow, error!);
            return header;
        }

        (DateTimeOffset start, DateTimeOffset end) = interval.Value;
        if (end == start)
        {
            reader.Report(valueNode, CatalogProblemCodes.InvalidWindow, $"window '{text}' is empty: its start equals its end");
        }
        else if (end < start)
        {
            reader.Report(valueNode, CatalogProblemCodes.InvalidWindow, $"window '{text}' ends before it starts; write start/end in that order");
        }

        return header with { WindowStart = start, WindowEnd = end };
    }

    private static string UnknownKeyMessage(string key)
    {
        string? suggestion = ApprovalHeaderKeys.All
            .Select(known => (known, distance: EditDistance(key.ToLowerInvariant().Replace('_', '-'), known)))
            .Where(candidate => candidate.distance <= Math.Max(2, key.Length / 2))
            .OrderBy(candidate => candidate.distance)
            .Select(candidate => candidate.known)
            .FirstOrDefault();

        string known = string.Join(", ", ApprovalHeaderKeys.All);
        return suggestion is null
            ? $"unknown key '{key}' in approval header; known keys are {known}"
            : $"unknown key '{key}' in approval header; did you mean '{suggestion}'? Known keys are {known}";
    }

    private static int EditDistance(string left, string right)
    {
        int[] previous = Enumerable.Range(0, right.Length + 1).ToArray();
        int[] current = new int[right.Length + 1];
        for (int i = 1; i <= left.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= right.Length; j++)
            {
                int substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[right.Length];
    }

    private static void ReportMisplacedHeaders(string script, string file, int leadingCommentStart, ICollection<CatalogProblem> problems)
    {
        foreach (Match match in AnyMarkerPattern().Matches(script))
        {
            if (match.Index == leadingCommentStart)
            {
                continue;
            }

            string message = leadingCommentStart >= 0
                ? "second approval header; a script has one header, at the top"
                : "approval header is not at the top of the script and is ignored; move it above every statement and comment";
            problems.Add(Error(file, LineAt(script, match.Index), CatalogProblemCodes.MisplacedHeader, message));
        }
    }

    /// <summary>Returns the offset of the word <c>queryaudit</c> when the comment at <paramref name="start"/> is a header, else -1.</summary>
    private static int LeadingMarker(string script, int start)
    {
        if (!script.AsSpan(start).StartsWith("/*", StringComparison.Ordinal))
        {
            return -1;
        }

        Match match = AnyMarkerPattern().Match(script, start);
        return match.Success && match.Index == start ? match.Groups["marker"].Index : -1;
    }

    private static int SkipWhitespace(string script)
    {
        int index = 0;
        while (index < script.Length && (char.IsWhiteSpace(script[index]) || script[index] == '\uFEFF'))
        {
            index++;
        }

        return index;
    }

    private static int LineAt(string text, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static int FileLine(YamlNode node, int yamlFirstLine) => yamlFirstLine + (int)node.Start.Line - 1;

    private static string InnermostMessage(Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    private static CatalogProblem Error(string file, int line, string code, string message) =>
        new(file, line, CatalogProblemSeverity.Error, code, message);

    // A block comment that is not executable (/*!) or a hint (/*+), whose first word is queryaudit.
    [GeneratedRegex(@"/\*(?![!+])\s*(?<marker>queryaudit)(?=\s|\*/)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AnyMarkerPattern();

    /// <summary>Reads one key's value, reporting each problem at the line of the node it concerns.</summary>
    private sealed class ValueReader(string file, string key, int yamlFirstLine, ICollection<CatalogProblem> problems)
    {
        public void Report(YamlNode node, string code, string message) =>
            problems.Add(Error(file, FileLine(node, yamlFirstLine), code, message));

        public string? Text(YamlNode node)
        {
            if (node is not YamlScalarNode scalar)
            {
                Report(node, CatalogProblemCodes.InvalidValue, $"'{key}' must be a single value, not a list or mapping");
                return null;
            }

            string value = (scalar.Value ?? "").Trim();
            if (value.Length == 0)
            {
                Report(node, CatalogProblemCodes.InvalidValue, $"'{key}' is empty; give a value or remove the key");
                return null;
            }

            return value;
        }

        /// <summary>Reads one name, a comma-separated line of names, or a YAML list of names.</summary>
        public List<string> Names(YamlNode node)
        {
            List<YamlNode> items = node is YamlSequenceNode sequence ? [.. sequence.Children] : [node];
            List<string> names = [];
            bool invalid = false;
            foreach (YamlNode item in items)
            {
                if (item is not YamlScalarNode scalar)
                {
                    Report(item, CatalogProblemCodes.InvalidValue, $"'{key}' must be a name or a list of names, such as [k.suzuki]");
                    invalid = true;
                    continue;
                }

                foreach (string name in (scalar.Value ?? "").Split(','))
                {
                    string trimmed = name.Trim();
                    if (trimmed.Length > 0 && !names.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
                    {
                        names.Add(trimmed);
                    }
                }
            }

            if (names.Count == 0 && !invalid)
            {
                Report(node, CatalogProblemCodes.InvalidValue, $"'{key}' is empty; name at least one");
            }

            return names;
        }

        public List<CatalogTarget> Targets(YamlNode node)
        {
            List<YamlNode> items = node is YamlSequenceNode sequence ? [.. sequence.Children] : [node];
            List<CatalogTarget> targets = [];
            foreach (YamlNode item in items)
            {
                string? text = Text(item);
                if (text is null)
                {
                    continue;
                }

                CatalogTarget? target = CatalogTarget.TryParse(text, out string? error);
                if (target is null)
                {
                    Report(item, CatalogProblemCodes.InvalidValue, error!);
                    continue;
                }

                targets.Add(target);
            }

            if (items.Count == 0)
            {
                Report(node, CatalogProblemCodes.InvalidValue, $"'{key}' is empty; name at least one cluster/database");
            }

            return targets;
        }

        public int? PositiveInteger(YamlNode node)
        {
            string? text = Text(node);
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                Report(node, CatalogProblemCodes.InvalidValue, $"'{key}' is '{text}'; it must be a whole number of at least 1");
                return null;
            }

            return value;
        }

        public DateTimeOffset? DateTime(YamlNode node)
        {
            string? text = Text(node);
            if (text is null)
            {
                return null;
            }

            DateTimeOffset? value = Iso8601.ParseDateTime(text, $"'{key}'", out string? error);
            if (value is null)
            {
                Report(node, CatalogProblemCodes.InvalidValue, error!);
            }

            return value;
        }
    }
}
