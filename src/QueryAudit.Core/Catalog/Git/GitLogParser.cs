using System.Globalization;
using System.Text;

namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// Parses the machine-readable output of the git commands the catalog runs.
/// </summary>
internal static class GitLogParser
{
    /// <summary>
    /// The <c>--format</c> for commit details: fields separated by U+001F, records ended by U+001E. The subject (%s) and
    /// trailers cannot contain those control characters in practice, and git strips them from names and e-mails.
    /// </summary>
    public const string CommitFormat = "%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%s%x1f%(trailers:only,unfold)%x1e";

    /// <summary>Parses the output of <c>git log --no-walk --format=</c><see cref="CommitFormat"/>.</summary>
    public static List<GitCommit> ParseCommits(string output)
    {
        List<GitCommit> commits = [];
        foreach (string record in output.Split('\u001e'))
        {
            string trimmed = record.TrimStart('\n', '\r');
            if (trimmed.Length == 0)
            {
                continue;
            }

            string[] fields = trimmed.Split('\u001f');
            if (fields.Length < 10)
            {
                throw new FormatException($"git log printed a commit record with {fields.Length} fields, expected 10: '{trimmed}'");
            }

            commits.Add(new GitCommit(
                fields[0],
                fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                fields[2],
                fields[3],
                DateTimeOffset.Parse(fields[4], CultureInfo.InvariantCulture, DateTimeStyles.None),
                fields[5],
                fields[6],
                DateTimeOffset.Parse(fields[7], CultureInfo.InvariantCulture, DateTimeStyles.None),
                fields[8],
                ParseTrailers(fields[9])));
        }

        return commits;
    }

    /// <summary>Parses <c>Key: value</c> lines as printed by <c>%(trailers:only,unfold)</c>.</summary>
    public static List<GitTrailer> ParseTrailers(string text)
    {
        List<GitTrailer> trailers = [];
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            trailers.Add(new GitTrailer(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return trailers;
    }

    /// <summary>
    /// Parses <c>git log --name-only -z --format=%x1e%H</c>: for each commit, newest first, its id and the paths it
    /// changed (relative to the repository root).
    /// </summary>
    public static List<(string Sha, List<string> Paths)> ParseNameOnly(byte[] output)
    {
        List<(string Sha, List<string> Paths)> commits = [];
        foreach (string record in Encoding.UTF8.GetString(output).Split('\u001e'))
        {
            if (record.Length == 0)
            {
                continue;
            }

            string[] parts = record.Split('\0');
            List<string> paths = [];
            for (int i = 1; i < parts.Length; i++)
            {
                string path = parts[i].TrimStart('\n');
                if (path.Length > 0)
                {
                    paths.Add(path);
                }
            }

            commits.Add((parts[0].Trim(), paths));
        }

        return commits;
    }

    /// <summary>
    /// Parses <c>git status --porcelain=v1 -z</c> into a status code per path (relative to the repository root). For a
    /// rename the new path is kept.
    /// </summary>
    public static Dictionary<string, string> ParseStatus(byte[] output)
    {
        Dictionary<string, string> status = new(StringComparer.Ordinal);
        string[] entries = Encoding.UTF8.GetString(output).Split('\0');
        for (int i = 0; i < entries.Length; i++)
        {
            string entry = entries[i];
            if (entry.Length < 4)
            {
                continue;
            }

            string code = entry[..2];
            status[entry[3..]] = code;
            if (code[0] is 'R' or 'C')
            {
                // Renames and copies are followed by their source path as a separate entry.
                i++;
            }
        }

        return status;
    }
}
