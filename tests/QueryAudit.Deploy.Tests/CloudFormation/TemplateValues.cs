using System.Globalization;

namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// Helpers over the plain values of a <see cref="CloudFormationTemplate"/>.
/// </summary>
internal static class TemplateValues
{
    public static Dictionary<string, object?> Map(object? value, string context) =>
        value as Dictionary<string, object?>
        ?? throw new InvalidDataException($"{context}: expected a mapping, found {Describe(value)}.");

    public static List<object?> List(object? value, string context) =>
        value as List<object?>
        ?? throw new InvalidDataException($"{context}: expected a sequence, found {Describe(value)}.");

    public static IReadOnlyDictionary<string, object?> OptionalMap(IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out object? value) && value is Dictionary<string, object?> child
            ? child
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Returns the value at a path of mapping keys, or null when a key is missing.</summary>
    public static object? Get(IReadOnlyDictionary<string, object?> map, params string[] path)
    {
        object? current = map;
        foreach (string key in path)
        {
            if (current is not Dictionary<string, object?> mapping || !mapping.TryGetValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Returns the target of <c>{ Ref: X }</c>, or null for any other value.</summary>
    public static string? RefTarget(object? value) =>
        value is Dictionary<string, object?> { Count: 1 } map && map.TryGetValue("Ref", out object? target)
            ? target as string
            : null;

    /// <summary>
    /// Returns the values that a value can take: both branches of <c>Fn::If</c> (recursively), without
    /// <c>AWS::NoValue</c>; any other value as it is.
    /// </summary>
    public static IEnumerable<object?> Branches(object? value)
    {
        if (RefTarget(value) == "AWS::NoValue")
        {
            yield break;
        }

        if (value is Dictionary<string, object?> { Count: 1 } map && map.TryGetValue("Fn::If", out object? arguments))
        {
            List<object?> parts = List(arguments, "Fn::If");
            foreach (object? branch in parts.Skip(1).SelectMany(Branches))
            {
                yield return branch;
            }

            yield break;
        }

        yield return value;
    }

    /// <summary>Returns the elements of a sequence, or the value itself when it is not one, with <see cref="Branches"/> applied.</summary>
    public static IEnumerable<object?> Elements(object? value) =>
        Branches(value).SelectMany(item => item is List<object?> list ? list.SelectMany(Branches) : [item]);

    /// <summary>Returns every value inside a value, depth first, the value itself included.</summary>
    public static IEnumerable<object?> Descendants(object? value)
    {
        yield return value;

        IEnumerable<object?> children = value switch
        {
            Dictionary<string, object?> map => map.Values,
            List<object?> list => list,
            _ => [],
        };

        foreach (object? descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    /// <summary>Returns a short text for messages: scalars as they are, intrinsic functions in short form.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        List<object?> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
        Dictionary<string, object?> { Count: 1 } map when map.Keys.Single().StartsWith("Fn::", StringComparison.Ordinal)
            || map.Keys.Single() == "Ref" =>
            string.Create(CultureInfo.InvariantCulture, $"!{map.Keys.Single().Replace("Fn::", string.Empty, StringComparison.Ordinal)} {Describe(map.Values.Single())}"),
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(pair => pair.Key + ": " + Describe(pair.Value))) + "}",
        _ => value.ToString() ?? string.Empty,
    };
}
