using System.Globalization;
using System.Text.RegularExpressions;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Expands command-line inputs (files, folders and <c>-</c> for standard input) into line sources in a stable order.
/// </summary>
/// <remarks>
/// <para>Folders are searched recursively, skipping hidden files and folders. A file found there is read when its
/// name contains <c>audit</c> (any case) or its first line starts with an audit timestamp and a comma; other
/// files, such as an error log or notes next to the audit files, are skipped and listed in
/// <see cref="AuditInputSet.SkippedFiles"/>. A file named directly is always read.</para>
/// <para>Files are sorted by folder, then by log name, then in rotation order: MariaDB renames
/// <c>server_audit.log</c> to <c>.1</c>, <c>.1</c> to <c>.2</c> and so on, so a higher number is older and comes
/// first, and the live file without a number comes last. <c>.gz</c> is ignored for sorting. All comparisons are
/// ordinal, so the order does not depend on the culture or the file system. A file reached twice is read once.</para>
/// </remarks>
public static partial class AuditInputs
{
    /// <summary>Returns one source per file, in reading order, and the folder files that were skipped.</summary>
    /// <exception cref="AuditInputException">An input does not exist, or a folder contains no audit log file.</exception>
    public static AuditInputSet Expand(IEnumerable<string> inputs, AuditFileSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new AuditFileSourceOptions();
        var files = new List<(string Given, string Full)>();
        var skipped = new List<string>();
        bool standardInput = false;
        foreach (string input in inputs)
        {
            if (input == StandardInputAuditLineSource.InputName)
            {
                standardInput = true;
            }
            else if (File.Exists(input))
            {
                files.Add((input, Path.GetFullPath(input)));
            }
            else if (Directory.Exists(input))
            {
                int before = files.Count;
                FindAuditFiles(input, files, skipped);
                if (files.Count == before)
                {
                    throw new AuditInputException(input, $"Folder '{input}' contains no audit log files: a file in a folder is read when its name contains 'audit' or its first line starts with an audit timestamp and a comma. Check the folder, or name the files directly.");
                }
            }
            else
            {
                throw new AuditInputException(input, $"Audit log input '{input}' was not found: no file or folder has that path. Check the path, or use '-' to read standard input.");
            }
        }

        var sources = new List<IAuditLineSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        files.Sort((left, right) => CompareReadingOrder(left.Full, right.Full));
        foreach ((string given, string full) in files)
        {
            if (seen.Add(full))
            {
                sources.Add(new FileAuditLineSource(given, options));
            }
        }

        if (standardInput)
        {
            sources.Add(new StandardInputAuditLineSource(options));
        }

        skipped.Sort(StringComparer.Ordinal);
        return new AuditInputSet(sources, skipped);
    }

    /// <summary>
    /// Compares two paths in reading order: folder, log name, then rotation number descending with the live
    /// (unnumbered) file last.
    /// </summary>
    public static int CompareReadingOrder(string left, string right)
    {
        int byFolder = string.CompareOrdinal(Path.GetDirectoryName(left), Path.GetDirectoryName(right));
        if (byFolder != 0)
        {
            return byFolder;
        }

        (string leftLog, long? leftRotation) = SplitRotation(Path.GetFileName(left));
        (string rightLog, long? rightRotation) = SplitRotation(Path.GetFileName(right));
        int byLog = string.CompareOrdinal(leftLog, rightLog);
        if (byLog != 0)
        {
            return byLog;
        }

        if (leftRotation != rightRotation)
        {
            // Numbered files first, higher numbers (older) before lower ones, the live file last.
            return (leftRotation, rightRotation) switch
            {
                (null, _) => 1,
                (_, null) => -1,
                _ => rightRotation.Value.CompareTo(leftRotation.Value),
            };
        }

        return string.CompareOrdinal(left, right);
    }

    private static void FindAuditFiles(string folder, List<(string Given, string Full)> files, List<string> skipped)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = false,
            MatchType = MatchType.Simple,
        };
        foreach (string path in Directory.EnumerateFiles(folder, "*", enumeration))
        {
            if (Path.GetFileName(path).Contains("audit", StringComparison.OrdinalIgnoreCase) || AuditFileSniffer.StartsWithAuditRecord(path))
            {
                files.Add((path, Path.GetFullPath(path)));
            }
            else
            {
                skipped.Add(path);
            }
        }
    }

    /// <summary>Splits <c>server_audit.log.3.gz</c> into <c>server_audit.log</c> and 3; a name without a number gets null.</summary>
    private static (string Log, long? Rotation) SplitRotation(string fileName)
    {
        Match match = RotatedName().Match(fileName);
        if (!match.Success)
        {
            return (fileName, null);
        }

        string log = match.Groups["log"].Value;
        Group number = match.Groups["number"];
        if (!number.Success || !long.TryParse(number.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long rotation))
        {
            return (log, null);
        }

        return (log, rotation);
    }

    [GeneratedRegex(@"^(?<log>.+?)(\.(?<number>\d{1,9}))?(\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RotatedName();
}
