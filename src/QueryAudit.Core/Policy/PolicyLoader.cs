using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QueryAudit.Core.Policy;

/// <summary>
/// Reads and validates the policy YAML file. Keys may be added in later versions but are never renamed.
/// An unknown key is an error, so that a typo does not silently fall back to a default.
/// </summary>
public static class PolicyLoader
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "time-zone", "server-version", "organisation", "accounts", "reviewers", "human-reads", "gap-threshold",
        "failed-login-burst", "max-operation-window", "audit-sample-size", "query-log-limit", "log-time-zone",
        "severity", "noise-templates", "bookkeeping-tables", "report-language",
    };

    /// <summary>Loads a policy file; throws <see cref="PolicyException"/> listing every problem with its line.</summary>
    public static AuditPolicy Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new PolicyException([new PolicyError(path, 0, "is a folder; give the policy YAML file itself (e.g. policy.yaml)")]);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException([new PolicyError(path, 0, $"cannot read the policy file: {e.Message}")]);
        }

        AuditPolicy policy = Parse(path, new StreamReader(new MemoryStream(bytes)).ReadToEnd());
        return policy with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Path = path };
    }

    /// <summary>Parses policy YAML text; <paramref name="file"/> names it in error messages.</summary>
    public static AuditPolicy Parse(string file, string yaml)
    {
        Reader reader = new(file);
        YamlStream stream = new();
        LineTrackingParser parser = new(new Parser(new StringReader(yaml)));

        // At the end of the input the parser reports the line after the last one; name the last real line instead.
        int lastLine = Math.Max(1, yaml.TrimEnd('\n').Split('\n').Length);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // The end mark is where the scanner gave up, which is the offending line (the start mark can be lines earlier).
            int line = (int)Math.Min(Math.Max(e.Start.Line, e.End.Line), lastLine);

            // YamlDotNet 16.3 places "found invalid tab as indentation" at line 1; name the first tab-indented line.
            if (e.Message.Contains("tab", StringComparison.Ordinal) && YamlLines.FirstTabIndented(yaml) is int tabLine)
            {
                line = tabLine;
            }

            throw new PolicyException([new PolicyError(file, line, $"invalid YAML: {YamlLines.Explain(e.InnerException?.Message ?? e.Message)}")]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16.3 throws this instead of a YamlException for an unclosed flow collection such as "{ a: b".
            // The parser has read up to the last complete event, so the unclosed bracket is on that line or after it.
            int line = YamlLines.FirstUnbalanced(yaml, (int)parser.LastEventLine) ?? (int)Math.Min(parser.LastEventLine, lastLine);
            throw new PolicyException([new PolicyError(file, line, "invalid YAML: a '[', '{' or quote on this line is not closed")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PolicyException([new PolicyError(file, 1, "the policy must be a YAML mapping (key: value lines)")]);
        }

        AuditPolicy policy = reader.ReadRoot(root);
        if (reader.Errors.Count > 0)
        {
            throw new PolicyException(reader.Errors);
        }

        return policy;
    }

    private sealed class Reader(string file)
    {
        public List<PolicyError> Errors { get; } = [];

        public AuditPolicy ReadRoot(YamlMappingNode root)
        {
            AuditPolicy policy = new();
            foreach ((YamlNode keyNode, YamlNode value) in root.Children)
            {
                string key = ((YamlScalarNode)keyNode).Value ?? "";
                if (!KnownKeys.Contains(key))
                {
                    Error(keyNode, $"unknown key '{key}'; known keys: {string.Join(", ", KnownKeys.Order(StringComparer.Ordinal))}");
                    continue;
                }

                policy = key switch
                {
                    "time-zone" => policy with { TimeZone = ReadTimeZone(value) ?? policy.TimeZone },
                    "log-time-zone" => policy with { LogTimeZone = ReadTimeZone(value) ?? policy.LogTimeZone },
                    "server-version" => policy with { ServerVersion = ReadInt(value, 10000, 999999) ?? policy.ServerVersion },
                    "organisation" => policy with { Organisation = Scalar(value) ?? "" },
                    "report-language" => policy with { ReportLanguage = ReadLanguage(value) ?? policy.ReportLanguage },
                    "accounts" => policy with { Accounts = ReadAccounts(value) },
                    "reviewers" => policy with { Reviewers = ReadReviewers(value) },
                    "human-reads" => ReadHumanReads(policy, value),
                    "gap-threshold" => ReadGapThreshold(policy, value),
                    "failed-login-burst" => ReadBurst(policy, value),
                    "max-operation-window" => policy with { MaxOperationWindow = ReadDuration(value) ?? policy.MaxOperationWindow },
                    "audit-sample-size" => policy with { AuditSampleSize = ReadInt(value, 0, 100000) ?? policy.AuditSampleSize },
                    "query-log-limit" => policy with { QueryLogLimit = IsNull(value) ? null : ReadInt(value, 1, int.MaxValue) },
                    "severity" => policy with { Severities = ReadSeverities(value) },
                    "noise-templates" => policy with { NoiseTemplates = ReadRegexList(value) },
                    "bookkeeping-tables" => policy with { BookkeepingTables = ReadStringList(value) },
                    _ => policy,
                };
            }

            return policy;
        }

        private void Error(YamlNode node, string message) => Errors.Add(new PolicyError(file, (int)node.Start.Line, message));

        private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "null" or "~" };

        private string? Scalar(YamlNode node)
        {
            if (node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            Error(node, "expected a single value here, not a list or mapping");
            return null;
        }

        private int? ReadInt(YamlNode node, int min, int max)
        {
            string? text = Scalar(node);
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                Error(node, $"invalid number '{text}'; expected a whole number from {min} to {max}");
                return null;
            }

            return value;
        }

        private string? ReadLanguage(YamlNode node)
        {
            string? text = Scalar(node);
            if (text is "en" or "ja")
            {
                return text;
            }

            Error(node, $"invalid report-language '{text}'; use en or ja");
            return null;
        }

        private TimeSpan? ReadDuration(YamlNode node)
        {
            string? text = Scalar(node);
            if (text is null)
            {
                return null;
            }

            if (!DurationParser.TryParse(text, out TimeSpan duration) || duration <= TimeSpan.Zero)
            {
                Error(node, $"invalid duration '{text}'; write a positive whole number with s, m, h or d, e.g. 15m or 7d");
                return null;
            }

            return duration;
        }

        private string? ReadTimeZone(YamlNode node)
        {
            string? text = Scalar(node);
            if (text is null)
            {
                return null;
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(text, out _))
            {
                Error(node, $"unknown time zone '{text}'; use an IANA id such as Asia/Tokyo or UTC");
                return null;
            }

            return text;
        }

        private List<string> ReadStringList(YamlNode node)
        {
            List<string> values = [];
            if (node is YamlScalarNode scalar && !IsNull(scalar))
            {
                values.Add(scalar.Value!);
            }
            else if (node is YamlSequenceNode sequence)
            {
                foreach (YamlNode item in sequence)
                {
                    string? text = Scalar(item);
                    if (!string.IsNullOrEmpty(text))
                    {
                        values.Add(text);
                    }
                }
            }
            else if (!IsNull(node))
            {
                Error(node, "expected a list of values, e.g. [a, b]");
            }

            return values;
        }

        private List<string> ReadRegexList(YamlNode node)
        {
            List<string> values = ReadStringList(node);
            foreach (string pattern in values)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    Error(node, $"invalid regular expression '{pattern}': {e.Message}");
                }
            }

            return values;
        }

        private List<AccountRule> ReadAccounts(YamlNode node)
        {
            List<AccountRule> rules = [];
            if (node is not YamlSequenceNode sequence)
            {
                Error(node, "'accounts' must be a list of { match: NAME, class: CLASS } entries");
                return rules;
            }

            foreach (YamlNode item in sequence)
            {
                if (item is not YamlMappingNode entry)
                {
                    Error(item, "each account entry must be a mapping like { match: dba_*, class: human }");
                    continue;
                }

                string? match = null;
                AccountClass? accountClass = null;
                List<IPNetwork> hosts = [];
                foreach ((YamlNode keyNode, YamlNode value) in entry.Children)
                {
                    string key = ((YamlScalarNode)keyNode).Value ?? "";
                    switch (key)
                    {
                        case "match":
                            match = Scalar(value);
                            break;
                        case "class":
                            accountClass = ReadAccountClass(value);
                            break;
                        case "hosts":
                            hosts = ReadNetworks(value);
                            break;
                        default:
                            Error(keyNode, $"unknown account key '{key}'; known keys: match, class, hosts");
                            break;
                    }
                }

                if (string.IsNullOrEmpty(match))
                {
                    Error(item, "account entry has no 'match'");
                    continue;
                }

                if (accountClass is null)
                {
                    Error(item, $"account entry '{match}' has no valid 'class' (application, human, migration, admin or system)");
                    continue;
                }

                if (hosts.Count > 0 && accountClass != AccountClass.Application)
                {
                    Error(item, $"account entry '{match}': 'hosts' applies only to class application");
                }

                rules.Add(new AccountRule(match, accountClass.Value, hosts, (int)item.Start.Line));
            }

            return rules;
        }

        private AccountClass? ReadAccountClass(YamlNode node)
        {
            string? text = Scalar(node);
            AccountClass? value = text switch
            {
                "application" => AccountClass.Application,
                "human" => AccountClass.Human,
                "migration" => AccountClass.Migration,
                "admin" => AccountClass.Admin,
                "system" => AccountClass.System,
                _ => null,
            };
            if (value is null && text is not null)
            {
                Error(node, $"unknown account class '{text}'; use application, human, migration, admin or system");
            }

            return value;
        }

        private List<IPNetwork> ReadNetworks(YamlNode node)
        {
            List<IPNetwork> networks = [];
            foreach (string text in ReadStringList(node))
            {
                string cidr = text.Contains('/', StringComparison.Ordinal) ? text : text + (text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
                if (IPNetwork.TryParse(cidr, out IPNetwork network))
                {
                    networks.Add(network);
                }
                else
                {
                    Error(node, $"invalid network '{text}'; write an address or CIDR such as 10.0.0.0/16");
                }
            }

            return networks;
        }

        private List<Reviewer> ReadReviewers(YamlNode node)
        {
            List<Reviewer> reviewers = [];
            if (node is not YamlSequenceNode sequence)
            {
                Error(node, "'reviewers' must be a list of { name: PERSON, accounts: [ACCOUNT, ...] } entries");
                return reviewers;
            }

            foreach (YamlNode item in sequence)
            {
                if (item is not YamlMappingNode entry)
                {
                    Error(item, "each reviewer must be a mapping like { name: k.suzuki, accounts: [dba_alice] }");
                    continue;
                }

                string? name = null;
                List<string> accounts = [];
                foreach ((YamlNode keyNode, YamlNode value) in entry.Children)
                {
                    string key = ((YamlScalarNode)keyNode).Value ?? "";
                    switch (key)
                    {
                        case "name":
                            name = Scalar(value);
                            break;
                        case "accounts":
                            accounts = ReadStringList(value);
                            break;
                        default:
                            Error(keyNode, $"unknown reviewer key '{key}'; known keys: name, accounts");
                            break;
                    }
                }

                if (string.IsNullOrEmpty(name))
                {
                    Error(item, "reviewer entry has no 'name'");
                    continue;
                }

                if (reviewers.Any(r => string.Equals(r.Name, name, StringComparison.Ordinal)))
                {
                    Error(item, $"reviewer '{name}' is listed twice");
                    continue;
                }

                reviewers.Add(new Reviewer(name, accounts));
            }

            return reviewers;
        }

        private AuditPolicy ReadHumanReads(AuditPolicy policy, YamlNode node)
        {
            if (node is YamlScalarNode)
            {
                HumanReadTreatment? treatment = ReadTreatment(node);
                return treatment is null ? policy : policy with { HumanReads = treatment.Value };
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node, "'human-reads' must be informational, exception, or a mapping { default: ..., exception: [tables], informational: [tables] }");
                return policy;
            }

            HumanReadTreatment defaultTreatment = policy.HumanReads;
            List<HumanReadRule> rules = [];
            foreach ((YamlNode keyNode, YamlNode value) in mapping.Children)
            {
                string key = ((YamlScalarNode)keyNode).Value ?? "";
                switch (key)
                {
                    case "default":
                        defaultTreatment = ReadTreatment(value) ?? defaultTreatment;
                        break;
                    case "exception":
                        rules.AddRange(ReadStringList(value).Select(p => new HumanReadRule(p, HumanReadTreatment.Exception)));
                        break;
                    case "informational":
                        rules.AddRange(ReadStringList(value).Select(p => new HumanReadRule(p, HumanReadTreatment.Informational)));
                        break;
                    default:
                        Error(keyNode, $"unknown human-reads key '{key}'; known keys: default, exception, informational");
                        break;
                }
            }

            return policy with { HumanReads = defaultTreatment, HumanReadRules = rules };
        }

        private HumanReadTreatment? ReadTreatment(YamlNode node)
        {
            string? text = Scalar(node);
            switch (text)
            {
                case "informational":
                    return HumanReadTreatment.Informational;
                case "exception":
                    return HumanReadTreatment.Exception;
                default:
                    Error(node, $"invalid human-reads value '{text}'; use informational or exception");
                    return null;
            }
        }

        private AuditPolicy ReadGapThreshold(AuditPolicy policy, YamlNode node)
        {
            if (node is YamlScalarNode)
            {
                return policy with { GapThreshold = ReadDuration(node) ?? policy.GapThreshold };
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node, "'gap-threshold' must be a duration such as 15m, or a mapping { default: 15m, instances: { INSTANCE: 30m } }");
                return policy;
            }

            TimeSpan threshold = policy.GapThreshold;
            Dictionary<string, TimeSpan> perInstance = new(StringComparer.Ordinal);
            foreach ((YamlNode keyNode, YamlNode value) in mapping.Children)
            {
                string key = ((YamlScalarNode)keyNode).Value ?? "";
                if (key == "default")
                {
                    threshold = ReadDuration(value) ?? threshold;
                }
                else if (key == "instances" && value is YamlMappingNode instances)
                {
                    foreach ((YamlNode instanceNode, YamlNode instanceValue) in instances.Children)
                    {
                        TimeSpan? duration = ReadDuration(instanceValue);
                        if (duration is not null)
                        {
                            perInstance[((YamlScalarNode)instanceNode).Value ?? ""] = duration.Value;
                        }
                    }
                }
                else
                {
                    Error(keyNode, $"unknown gap-threshold key '{key}'; known keys: default, instances");
                }
            }

            return policy with { GapThreshold = threshold, InstanceGapThresholds = perInstance };
        }

        private AuditPolicy ReadBurst(AuditPolicy policy, YamlNode node)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, "'failed-login-burst' must be a mapping { count: 5, within: 1m }");
                return policy;
            }

            foreach ((YamlNode keyNode, YamlNode value) in mapping.Children)
            {
                string key = ((YamlScalarNode)keyNode).Value ?? "";
                policy = key switch
                {
                    "count" => policy with { FailedLoginBurstCount = ReadInt(value, 2, 1000000) ?? policy.FailedLoginBurstCount },
                    "within" => policy with { FailedLoginWindow = ReadDuration(value) ?? policy.FailedLoginWindow },
                    _ => ErrorAndKeep(keyNode, $"unknown failed-login-burst key '{key}'; known keys: count, within", policy),
                };
            }

            return policy;
        }

        private AuditPolicy ErrorAndKeep(YamlNode node, string message, AuditPolicy policy)
        {
            Error(node, message);
            return policy;
        }

        private Dictionary<string, Severity> ReadSeverities(YamlNode node)
        {
            Dictionary<string, Severity> severities = new(StringComparer.Ordinal);
            if (node is not YamlMappingNode mapping)
            {
                Error(node, "'severity' must be a mapping { KIND: info|low|medium|high|critical }");
                return severities;
            }

            foreach ((YamlNode keyNode, YamlNode value) in mapping.Children)
            {
                string kind = ((YamlScalarNode)keyNode).Value ?? "";
                if (!PolicyDefaults.Severities.ContainsKey(kind))
                {
                    Error(keyNode, $"unknown finding kind '{kind}'; known kinds: {string.Join(", ", PolicyDefaults.Severities.Keys.Order(StringComparer.Ordinal))}");
                    continue;
                }

                string? text = Scalar(value);
                if (Enum.TryParse(text, ignoreCase: true, out Severity severity) && Enum.IsDefined(severity) && !int.TryParse(text, out _))
                {
                    severities[kind] = severity;
                }
                else
                {
                    Error(value, $"invalid severity '{text}'; use info, low, medium, high or critical");
                }
            }

            return severities;
        }
    }
}
