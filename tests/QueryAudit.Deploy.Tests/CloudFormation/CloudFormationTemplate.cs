using YamlDotNet.RepresentationModel;

namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// A CloudFormation template read into plain values: mappings become
/// <see cref="Dictionary{TKey, TValue}"/> of string to value, sequences <see cref="List{T}"/>, scalars strings.
/// Short-form intrinsic tags are rewritten to their long form, as CloudFormation does:
/// <c>!Ref X</c> becomes <c>{ Ref: X }</c>, <c>!GetAtt A.B</c> becomes <c>{ Fn::GetAtt: [A, B] }</c>,
/// <c>!Condition C</c> becomes <c>{ Condition: C }</c> and any other <c>!Name v</c> becomes <c>{ Fn::Name: v }</c>.
/// </summary>
internal sealed class CloudFormationTemplate
{
    private const string ForEachPrefix = "Fn::ForEach::";

    private CloudFormationTemplate(Dictionary<string, object?> root)
    {
        Root = root;
        Parameters = TemplateValues.OptionalMap(root, "Parameters");
        Conditions = TemplateValues.OptionalMap(root, "Conditions");
        Resources = ReadResources(TemplateValues.OptionalMap(root, "Resources"));
    }

    /// <summary>The whole template.</summary>
    public IReadOnlyDictionary<string, object?> Root { get; }

    public IReadOnlyDictionary<string, object?> Parameters { get; }

    public IReadOnlyDictionary<string, object?> Conditions { get; }

    /// <summary>
    /// Every resource, including the fragments of <c>Fn::ForEach</c> loops, which are listed once with
    /// their logical id as written (for example <c>Policy&amp;{Cluster}</c>) and the loop's identifier.
    /// </summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    /// <summary>Identifiers of the <c>Fn::ForEach</c> loops; inside a loop they can be used like parameters.</summary>
    public IReadOnlySet<string> LoopIdentifiers => Resources
        .Where(resource => resource.LoopIdentifier is not null)
        .Select(resource => resource.LoopIdentifier!)
        .ToHashSet(StringComparer.Ordinal);

    public static CloudFormationTemplate Load(string path)
    {
        YamlStream stream = [];
        using (StreamReader reader = File.OpenText(path))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count != 1)
        {
            throw new InvalidDataException($"{path}: expected one YAML document, found {stream.Documents.Count}.");
        }

        return new CloudFormationTemplate(TemplateValues.Map(Convert(stream.Documents[0].RootNode), path));
    }

    public TemplateResource Resource(string logicalId) =>
        Resources.SingleOrDefault(resource => resource.LogicalId == logicalId)
        ?? throw new AssertionException($"The template has no resource '{logicalId}'.");

    public IEnumerable<TemplateResource> ResourcesOfType(string type) =>
        Resources.Where(resource => resource.Type == type);

    private static object? Convert(YamlNode node)
    {
        object? value = node switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
            YamlMappingNode mapping => mapping.Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty,
                pair => Convert(pair.Value),
                StringComparer.Ordinal),
            _ => throw new InvalidDataException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
        };

        string tag = node.Tag.IsEmpty ? string.Empty : node.Tag.Value;
        if (!tag.StartsWith('!') || tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return value;
        }

        string name = tag[1..];
        return name switch
        {
            "Ref" or "Condition" => new Dictionary<string, object?>(StringComparer.Ordinal) { [name] = value },
            "GetAtt" when value is string dotted => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Fn::GetAtt"] = dotted.Split('.', 2).Cast<object?>().ToList(),
            },
            _ => new Dictionary<string, object?>(StringComparer.Ordinal) { ["Fn::" + name] = value },
        };
    }

    private static List<TemplateResource> ReadResources(IReadOnlyDictionary<string, object?> resources)
    {
        List<TemplateResource> result = [];
        foreach ((string key, object? value) in resources)
        {
            if (!key.StartsWith(ForEachPrefix, StringComparison.Ordinal))
            {
                result.Add(TemplateResource.Create(key, TemplateValues.Map(value, key), loopIdentifier: null));
                continue;
            }

            // Fn::ForEach::Name: [identifier, collection, { logicalIdTemplate: resource, ... }]
            List<object?> loop = TemplateValues.List(value, key);
            if (loop.Count != 3 || loop[0] is not string identifier)
            {
                throw new InvalidDataException($"{key}: expected [identifier, collection, fragment].");
            }

            foreach ((string logicalId, object? fragment) in TemplateValues.Map(loop[2], key))
            {
                result.Add(TemplateResource.Create(logicalId, TemplateValues.Map(fragment, logicalId), identifier));
            }
        }

        return result;
    }
}
