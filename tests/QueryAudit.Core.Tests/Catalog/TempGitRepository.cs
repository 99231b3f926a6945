using System.Diagnostics;

namespace QueryAudit.Core.Tests.Catalog;

/// <summary>
/// A throwaway git repository in a temporary folder, with commits whose author, committer and dates the test chooses.
/// </summary>
internal sealed class TempGitRepository : IDisposable
{
    public TempGitRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "queryaudit-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Git("init", "--quiet", "--initial-branch=main");
    }

    public string Root { get; }

    /// <summary>Writes a file (creating folders) relative to the repository root.</summary>
    public void Write(string path, string content)
    {
        string full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Stages everything and commits as <paramref name="person"/> at <paramref name="date"/>; returns the commit id.</summary>
    public string Commit(string message, string person, string date)
    {
        Git("add", "--all");
        GitAs(person, date, "commit", "--quiet", "--no-verify", "-m", message);
        return Head();
    }

    /// <summary>Merges <paramref name="branch"/> into the current branch with a merge commit; returns its id.</summary>
    public string Merge(string branch, string message, string person, string date)
    {
        GitAs(person, date, "merge", "--quiet", "--no-ff", "--no-verify", "-m", message, branch);
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public string Git(params string[] arguments) => GitAs("Test Runner", "2026-12-01T00:00:00+00:00", arguments);

    public void Dispose()
    {
        // Git marks object files read-only; clear that so the folder can be deleted on every platform.
        foreach (string file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Root, recursive: true);
    }

    private string GitAs(string person, string date, params string[] arguments)
    {
        string email = person.ToLowerInvariant().Replace(' ', '.') + "@example.com";
        ProcessStartInfo start = new("git")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (string setting in new[] { $"user.name={person}", $"user.email={email}", "commit.gpgsign=false", "core.autocrlf=false" })
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(setting);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep the developer's own git configuration (hooks, signing, templates) out of the test repository.
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_AUTHOR_DATE"] = date;
        start.Environment["GIT_COMMITTER_DATE"] = date;

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
        }

        return output;
    }
}
