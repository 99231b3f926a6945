using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Checks that every configuration value converts to the type of the <see cref="QueryAuditOptions"/> property it binds
/// to, so that <c>Ingestion:BatchLines=abc</c> is reported as an invalid setting (exit 2) and not as
/// the binder's <see cref="InvalidOperationException"/>.
/// </summary>
internal static class SettingTypeChecker
{
    private static readonly Lazy<IReadOnlyList<(string[] Path, Type Type)>> TypedPaths =
        new(() => [.. PathsOf(typeof(QueryAuditOptions), []).Where(entry => entry.Type != typeof(string))]);

    /// <summary>
    /// Throws <see cref="OptionsValidationException"/> listing each value of the wrong type. Called before anything binds
    /// the configuration, because the binder throws <see cref="InvalidOperationException"/> on the first such value.
    /// </summary>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        IReadOnlyList<string> errors = Check(configuration);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(QueryAuditOptions), errors);
        }
    }

    /// <summary>Returns one message per value that does not convert to its setting's type, in key order.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        List<string> errors = [];
        foreach ((string key, string? value) in configuration.AsEnumerable().OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (value is null)
            {
                continue;
            }

            string[] path = key.Split(ConfigurationPath.KeyDelimiter);
            foreach ((string[] settingPath, Type type) in TypedPaths.Value)
            {
                if (Matches(settingPath, path) && !Converts(type, value))
                {
                    errors.Add($"{key}: '{value}' is not {Describe(type)}");
                }
            }
        }

        return errors;
    }

    private static bool Matches(string[] settingPath, string[] key) =>
        settingPath.Length == key.Length && settingPath.Zip(key).All(pair => string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));

    // The configuration binder converts with the type's TypeConverter and the invariant culture
    // (Microsoft.Extensions.Configuration.Binder 10.0), and an empty value leaves the default in place.
    private static bool Converts(Type type, string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) => $"a whole number (up to {int.MaxValue})",
        _ when type == typeof(long) => $"a whole number (up to {long.MaxValue})",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(TimeSpan) => "a time span; write it as HH:MM:SS or D.HH:MM:SS, e.g. 00:00:30 for 30 seconds",
        _ => $"a valid {type.Name}",
    };

    private static IEnumerable<(string[] Path, Type Type)> PathsOf(Type type, string[] prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string[] path = [.. prefix, property.Name];
            Type propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && !propertyType.IsGenericType)
            {
                foreach ((string[] Path, Type Type) nested in PathsOf(propertyType, path))
                {
                    yield return nested;
                }
            }
            else if (!propertyType.IsGenericType)
            {
                yield return (path, propertyType);
            }
        }
    }
}
