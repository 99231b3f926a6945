using System.Text.RegularExpressions;

namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// The names a part of a template refers to: <c>Ref</c> targets, <c>Fn::GetAtt</c> resources,
/// <c>${Name}</c> and <c>${Resource.Attribute}</c> variables of <c>Fn::Sub</c>, and condition names.
/// </summary>
internal sealed partial class TemplateReferences
{
    private TemplateReferences()
    {
    }

    /// <summary>Targets of <c>Ref</c> and names used as <c>${Name}</c> in <c>Fn::Sub</c>.</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources named by <c>Fn::GetAtt</c> or by <c>${Resource.Attribute}</c> in <c>Fn::Sub</c>.</summary>
    public HashSet<string> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Conditions named by <c>Fn::If</c>, <c>Condition</c> keys and <c>{ Condition: C }</c>.</summary>
    public HashSet<string> Conditions { get; } = new(StringComparer.Ordinal);

    /// <summary>Collects the references of every section except <c>Parameters</c> and <c>Metadata</c>, which only declare.</summary>
    public static TemplateReferences Collect(CloudFormationTemplate template)
    {
        TemplateReferences references = new();
        foreach ((string section, object? value) in template.Root)
        {
            if (section is "Parameters" or "Metadata")
            {
                continue;
            }

            foreach (Dictionary<string, object?> map in TemplateValues.Descendants(value).OfType<Dictionary<string, object?>>())
            {
                references.Add(map);
            }
        }

        return references;
    }

    private void Add(Dictionary<string, object?> map)
    {
        if (map.GetValueOrDefault("Ref") is string target)
        {
            Names.Add(target);
        }

        if (map.GetValueOrDefault("Condition") is string condition)
        {
            Conditions.Add(condition);
        }

        if (map.GetValueOrDefault("Fn::If") is List<object?> { Count: 3 } arguments && arguments[0] is string ifCondition)
        {
            Conditions.Add(ifCondition);
        }

        if (map.GetValueOrDefault("Fn::GetAtt") is List<object?> { Count: 2 } getAtt && getAtt[0] is string resource)
        {
            Attributes.Add(resource);
        }

        if (map.TryGetValue("Fn::Sub", out object? sub))
        {
            AddSubVariables(sub);
        }
    }

    private void AddSubVariables(object? argument)
    {
        // Fn::Sub is either a string or [string, { Name: value }]; names of the second form are local.
        string? text = argument as string;
        HashSet<string> local = new(StringComparer.Ordinal);
        if (argument is List<object?> { Count: 2 } pair)
        {
            text = pair[0] as string;
            local.UnionWith(TemplateValues.Map(pair[1], "Fn::Sub variables").Keys);
        }

        if (text is null)
        {
            return;
        }

        foreach (Match match in SubVariable().Matches(text))
        {
            string name = match.Groups["name"].Value;
            if (local.Contains(name))
            {
                continue;
            }

            int dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                Attributes.Add(name[..dot]);
            }
            else
            {
                Names.Add(name);
            }
        }
    }

    // ${!Literal} is an escaped dollar-brace, not a variable.
    [GeneratedRegex(@"\$\{(?<name>[^!}][^}]*)\}")]
    private static partial Regex SubVariable();
}
