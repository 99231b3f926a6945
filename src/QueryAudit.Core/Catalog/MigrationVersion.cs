namespace QueryAudit.Core.Catalog;

/// <summary>
/// A migration version such as <c>1.2</c>, <c>000012</c> or <c>20240131120000</c>, compared part by part as numbers.
/// </summary>
/// <remarks>
/// Parts are compared as decimal digit strings (leading zeros ignored), so timestamps of any length never overflow and
/// <c>1.10</c> sorts after <c>1.9</c>. A missing trailing part counts as zero, as in Flyway: <c>1</c> equals <c>1.0</c>.
/// </remarks>
public sealed class MigrationVersion : IComparable<MigrationVersion>, IEquatable<MigrationVersion>
{
    private readonly string[] parts;

    private MigrationVersion(string text, string[] parts)
    {
        Text = text;
        this.parts = parts;
    }

    /// <summary>The version as written in the file name (Flyway's <c>_</c> separators kept).</summary>
    public string Text { get; }

    /// <summary>Reads a version made of digit groups separated by <c>.</c> or <c>_</c>; returns null for anything else.</summary>
    public static MigrationVersion? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        string[] parts = text.Split('.', '_');
        foreach (string part in parts)
        {
            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                return null;
            }
        }

        string[] trimmed = parts.Select(p => p.TrimStart('0')).ToArray();
        int length = trimmed.Length;
        while (length > 1 && trimmed[length - 1].Length == 0)
        {
            length--;
        }

        return new MigrationVersion(text, trimmed[..length]);
    }

    public int CompareTo(MigrationVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        int count = Math.Max(parts.Length, other.parts.Length);
        for (int i = 0; i < count; i++)
        {
            string left = i < parts.Length ? parts[i] : "";
            string right = i < other.parts.Length ? other.parts[i] : "";
            int byLength = left.Length.CompareTo(right.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            int byDigits = string.CompareOrdinal(left, right);
            if (byDigits != 0)
            {
                return byDigits;
            }
        }

        return 0;
    }

    public bool Equals(MigrationVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is MigrationVersion other && Equals(other);

    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (string part in parts)
        {
            hash.Add(part, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => Text;

    public static bool operator ==(MigrationVersion? left, MigrationVersion? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(MigrationVersion? left, MigrationVersion? right) => !(left == right);

    public static bool operator <(MigrationVersion? left, MigrationVersion? right) =>
        left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator <=(MigrationVersion? left, MigrationVersion? right) =>
        left is null || left.CompareTo(right) <= 0;

    public static bool operator >(MigrationVersion? left, MigrationVersion? right) =>
        left is not null && left.CompareTo(right) > 0;

    public static bool operator >=(MigrationVersion? left, MigrationVersion? right) =>
        left is null ? right is null : left.CompareTo(right) >= 0;
}
