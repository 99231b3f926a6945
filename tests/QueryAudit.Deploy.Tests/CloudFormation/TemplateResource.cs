namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// One resource of a template: its logical id, type, properties and whole definition
/// (with <c>DeletionPolicy</c>, <c>Condition</c> and so on). <see cref="LoopIdentifier"/> is the
/// <c>Fn::ForEach</c> identifier when the resource is a loop fragment, else null.
/// </summary>
internal sealed record TemplateResource(
    string LogicalId,
    string Type,
    IReadOnlyDictionary<string, object?> Properties,
    IReadOnlyDictionary<string, object?> Definition,
    string? LoopIdentifier)
{
    public static TemplateResource Create(string logicalId, Dictionary<string, object?> definition, string? loopIdentifier)
    {
        string type = definition.TryGetValue("Type", out object? value) && value is string text
            ? text
            : throw new InvalidDataException($"Resource {logicalId} has no Type.");

        return new TemplateResource(logicalId, type, TemplateValues.OptionalMap(definition, "Properties"), definition, loopIdentifier);
    }
}
