using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Rejects configuration keys that bind to no property of <see cref="QueryAuditOptions"/>, so that a misspelt
/// setting, or a deployment template written for another layout, stops the start instead of being ignored.
/// </summary>
/// <remarks>
/// <c>Logging:*</c> keys belong to Microsoft.Extensions.Logging, and the host itself sets <c>contentRoot</c>,
/// <c>environment</c> and <c>applicationName</c>; they are accepted as they are.
/// </remarks>
internal sealed class UnknownSettingsValidator(IConfiguration configuration) : IValidateOptions<QueryAuditOptions>
{
    private const string LoggingSection = "Logging";

    private static readonly string[] HostKeys = [HostDefaults.ContentRootKey, HostDefaults.EnvironmentKey, HostDefaults.ApplicationKey];

    private static readonly Lazy<IReadOnlyList<string[]>> KnownPaths = new(() => [.. PathsOf(typeof(QueryAuditOptions), [])]);

    public ValidateOptionsResult Validate(string? name, QueryAuditOptions options)
    {
        string sections = string.Join(", ", KnownPaths.Value.Select(path => path[0]).Distinct(StringComparer.Ordinal).Append(LoggingSection));
        List<string> errors = [.. UnknownKeys(configuration).Select(key =>
            $"{key} is not a setting of queryaudit run (as an environment variable: {ServiceHost.EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}); check its spelling. Settings start with {sections}.")];
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Returns the keys with a value that no setting reads, in key order.</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. configuration.AsEnumerable()
            .Where(pair => pair.Value is not null)
            .Select(pair => pair.Key)
            .Where(key => !IsKnown(key.Split(ConfigurationPath.KeyDelimiter)))
            .Order(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool IsKnown(string[] key)
    {
        if (string.Equals(key[0], LoggingSection, StringComparison.OrdinalIgnoreCase)
            || (key.Length == 1 && HostKeys.Contains(key[0], StringComparer.OrdinalIgnoreCase)))
        {
            return true;
        }

        return KnownPaths.Value.Any(path => path.Length == key.Length && path.Zip(key).All(
            pair => pair.First == "#" ? int.TryParse(pair.Second, out _) : string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Returns the key path of every leaf setting, with <c>#</c> in place of a list index.</summary>
    private static IEnumerable<string[]> PathsOf(Type type, string[] prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string[] path = [.. prefix, property.Name];
            Type propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(List<string>))
            {
                yield return [.. path, "#"];
            }
            else if (propertyType.IsClass && propertyType != typeof(string))
            {
                foreach (string[] nested in PathsOf(propertyType, path))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
