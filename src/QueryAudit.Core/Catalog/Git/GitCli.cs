using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// Runs the <c>git</c> command line in one work tree.
/// </summary>
/// <remarks>
/// The command line is used rather than LibGit2Sharp because LibGit2Sharp needs a native libgit2 build for each
/// platform and container base image, while git itself is on every CI image and developer machine. The installed git
/// also reads every repository layout it created (worktrees, partial clones, newer index versions).
/// </remarks>
internal sealed class GitCli(string executable, string workingDirectory)
{
    /// <summary>Runs git with <paramref name="arguments"/> and returns its standard output; throws <see cref="GitCommandException"/> on a non-zero exit.</summary>
    public byte[] Run(IEnumerable<string> arguments, byte[]? input = null)
    {
        ProcessStartInfo start = new(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Paths are printed unquoted (core.quotepath=off) and messages in English, so that output parses the same everywhere.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("core.quotepath=off");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";

        using Process process = StartProcess(start);
        using MemoryStream output = new();
        Task copyOutput = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> readError = process.StandardError.ReadToEndAsync();

        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        Task.WaitAll(copyOutput, readError);
        process.WaitForExit();

        if (process.ExitCode != 0)
        {
            throw new GitCommandException(
                $"git {string.Join(' ', start.ArgumentList.Skip(2))} failed with exit code {process.ExitCode}: {FirstLine(readError.Result)}",
                process.ExitCode);
        }

        return output.ToArray();
    }

    /// <summary>Runs git and returns its standard output as UTF-8 text.</summary>
    public string RunText(params string[] arguments) => Encoding.UTF8.GetString(Run(arguments));

    private Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new GitCommandException($"git could not be started as '{executable}'", -1);
        }
        catch (Win32Exception exception)
        {
            throw new GitCommandException($"git could not be started as '{executable}': {exception.Message}; install git or put it on PATH", -1);
        }
    }

    private static string FirstLine(string text)
    {
        string trimmed = text.Trim();
        int newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline].Trim();
    }
}
