using System.Diagnostics;
using System.Reflection;
using System.Text;
using QueryAudit.Tests.Shared;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Fingerprint.Tests;

/// <summary>
/// Runs the built queryaudit-fingerprint.dll (the JIT build of the native executable) as a child process, because it
/// reads its own arguments, standard input and exit code.
/// </summary>
public sealed class ProgramTests
{
    private const string HelpHint = "Run 'queryaudit-fingerprint --help' for the options.\n";

    private string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), $"fingerprint-program-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("-?")]
    public async Task Help_ListsWorkerOptions(string option)
    {
        (int exitCode, string output, string error) = await RunAsync([option]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(error, Is.Empty);
        Assert.That(output, Does.StartWith("Description:\n  " + FingerprintHelpText.Description + "\n"));
        Assert.That(output, Does.Contain("Usage:\n  queryaudit-fingerprint [<file>] [options]\n"));
        Assert.That(output, Does.Contain("  <file>  " + FingerprintHelpText.File + "\n"));
        Assert.That(output, Does.Contain("  --split         " + FingerprintHelpText.Split + "\n"));
        Assert.That(output, Does.Contain("  --exact         " + FingerprintHelpText.Exact + "\n"));
        Assert.That(output, Does.Contain("  -?, -h, --help  Show help and usage information\n"));
        Assert.That(output, Does.Contain("  --version       Show version information\n"));
    }

    [Test]
    public async Task Version_PrintsInformationalVersion()
    {
        (int exitCode, string output, string error) = await RunAsync(["--version"]);

        // The tool prints a constant written at build time, which must equal the version in the assembly's attributes.
        string? expected = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Match(@"^\d+\.\d+\.\d+\S*\n$"));
        Assert.That(output, Is.EqualTo(expected + "\n"));
    }

    [Test]
    public async Task UnknownOption_ExitsTwo()
    {
        (int exitCode, string output, string error) = await RunAsync(["--foo", "a.sql"]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo("error: unknown option '--foo'. Put '--' before a file name that starts with '-'.\n" + HelpHint));
    }

    [Test]
    public async Task EmptyFileName_ExitsTwo()
    {
        // System.CommandLine passed '' on, and FileStream threw an unhandled ArgumentException (exit 1, stack trace).
        (int exitCode, string output, string error) = await RunAsync([""]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo("error: the file name is empty (''). Give a file of SQL statements, or '-' for standard input.\n" + HelpHint));
    }

    [Test]
    public async Task File_PrintsTemplates()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "a.sql"), "SELECT 1;\nselect * from t where a = 5\n");

        (int exitCode, string output, string error) = await RunAsync(["a.sql"]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ?\nSELECT * FROM t WHERE a = ?\n"));
        Assert.That(error, Is.Empty);
    }

    [Test]
    public async Task SplitExactAfterFile_PrintsExactForms()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "a.sql"), "SELECT 1; select * from t where a = 5;");

        (int exitCode, string output, string error) = await RunAsync(["a.sql", "--exact", "--split"]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT 1\nSELECT * FROM t WHERE a = 5\n"));
    }

    [Test]
    public async Task DoubleDash_ReadsFileNamedLikeOption()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "--split"), "SELECT 3 FROM x WHERE id IN (1,2,3)\n");

        (int exitCode, string output, string error) = await RunAsync(["--", "--split"]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ? FROM x WHERE id IN ( ... )\n"));
    }

    [TestCase]
    [TestCase("-")]
    public async Task StandardInput_PrintsTemplates(params string[] args)
    {
        (int exitCode, string output, string error) = await RunAsync(["--split", .. args], "SELECT 1; select 2 from t where x=1;\n"u8.ToArray());

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ?\nSELECT ? FROM t WHERE x = ?\n"));
        Assert.That(error, Is.Empty);
    }

    [Test]
    public async Task MissingFile_ExitsOne()
    {
        (int exitCode, string output, string error) = await RunAsync(["missing.sql"]);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("error: cannot read missing.sql: "));
    }

    [TestCase("a.sql")]
    [TestCase("--help")]
    [TestCase("--version")]
    public async Task ClosedStandardOutput_ExitsOneNamingIt(string argument)
    {
        // The native build aborted (exit 134) when it opened the closed descriptor, or, once standard error had taken
        // descriptor 1, wrote its output there and exited 0. The help and the version failed with the descriptor's error.
        await File.WriteAllTextAsync(Path.Combine(folder, "a.sql"), "SELECT 1;\n");
        (int exitCode, _, string error) = await RunShellAsync("/bin/sh", "exec dotnet \"$0\" \"$1\" >&-", argument);

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(error, Is.EqualTo("error: standard output was closed when the command started (as with >&-). Redirect the output to a file or a pipe.\n"));
    }

    [TestCase("--help")]
    [TestCase("--version")]
    [TestCase("--split", "a.sql")]
    [TestCase("a.sql")]
    public async Task FullOutputDisk_ExitsOneNamingIt(params string[] arguments)
    {
        // Uncaught, the write error aborted the native build (exit 134) and printed a stack trace.
        await File.WriteAllTextAsync(Path.Combine(folder, "a.sql"), "SELECT 1;\n");
        string program = Path.Combine(AppContext.BaseDirectory, "queryaudit-fingerprint.dll");
        ProcessStartInfo start = new("/bin/sh") { WorkingDirectory = folder };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$@\" > /dev/full");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        (int exitCode, _, string error) = await ChildProcess.RunAsync(start, input: null);

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(error, Does.StartWith("error: cannot write the output: "));
        Assert.That(error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task ReaderGone_StopsQuietly()
    {
        // `| head` takes two lines of an endless input and exits. The console's stream dropped the rest of the output
        // without an error, so the run read on without end (here until `timeout` ended it with exit code 124).
        (int exitCode, string output, string error) = await RunShellAsync("/bin/bash", "yes 'SELECT 1;' 2>/dev/null | timeout 60 dotnet \"$0\" --split - | head -n 2; echo \"exit ${PIPESTATUS[1]}\" >&2");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ?\nSELECT ?\n"));
        Assert.That(error, Is.EqualTo("exit 0\n"));
    }

    [TestCase("--split", "SELECT 1;\n", "SELECT 'a';\n")]
    [TestCase("-", "SELECT 1\n", "SELECT 'a'\n")]
    public async Task InputOverTime_PrintsEachStatementAtOnce(string argument, string first, string second)
    {
        // A statement typed at a terminal, or sent down a pipe, was printed only when the input ended or filled a block.
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "queryaudit-fingerprint.dll"));
        start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.WriteAsync(first);
            await process.StandardInput.FlushAsync();
            Assert.That(await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo("SELECT ?"));
            await process.StandardInput.WriteAsync(second);
            await process.StandardInput.FlushAsync();
            Assert.That(await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo("SELECT ?"));
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.That(process.ExitCode, Is.Zero, await error);
        Assert.That(await process.StandardOutput.ReadToEndAsync(), Is.Empty);
    }

    [Test]
    public async Task ReaderGone_StillWarnsOfInvalidUtf8()
    {
        // The run stopped at the broken pipe without the warning for the invalid byte in the line that `head` printed.
        (int exitCode, string output, string error) = await RunShellAsync("/bin/bash", "{ printf 'SELECT \\377;\\n'; yes 'SELECT 1;' 2>/dev/null; } | timeout 60 dotnet \"$0\" --split - | head -n 1; echo \"exit ${PIPESTATUS[1]}\" >&2");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT `\uFFFD`\n"));
        Assert.That(error, Does.StartWith("warning: standard input has at least 1 byte sequence(s) that are not valid UTF-8;"));
        Assert.That(error, Does.EndWith("\nexit 0\n"));
    }

    [TestCase("missing.sql")]
    [TestCase("--bogus")]
    public async Task ClosedStandardError_KeepsExitCode(string argument)
    {
        // The failed write of the error aborted the run with exit code 134.
        (int exitCode, string output, _) = await RunShellAsync("/bin/sh", "exec dotnet \"$0\" \"$1\" 2>&-", argument);

        Assert.That(exitCode, Is.EqualTo(argument == "--bogus" ? 2 : 1));
        Assert.That(output, Is.Empty);
    }

    [TestCase("--help")]
    [TestCase("--version")]
    public async Task HelpOverFileSizeLimit_ExitsOne(string option)
    {
        // With SIGXFSZ ignored, a write past the file size limit fails with EFBIG. The console's writer threw an
        // unhandled ArgumentOutOfRangeException. The runtime needs write-xor-execute off under such a limit.
        (int exitCode, _, string error) = await RunShellAsync("/bin/sh", "trap '' XFSZ; ulimit -f 0; DOTNET_EnableWriteXorExecute=0 exec dotnet \"$0\" \"$1\" > out.txt", option);

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(error, Is.EqualTo("error: cannot write the output: File too large. Check that standard output is open and its disk has room.\n"));
    }

    [Test]
    public async Task HelpIntoClosedPipe_ExitsZero()
    {
        (int exitCode, _, string error) = await RunShellAsync("/bin/bash", "sleep 1 | true; dotnet \"$0\" --help | true; echo \"exit ${PIPESTATUS[0]}\" >&2");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(error, Is.EqualTo("exit 0\n"));
    }

    [Test]
    public async Task FolderOnStandardInput_ExitsOneNamingIt()
    {
        (int exitCode, string output, string error) = await RunShellAsync("/bin/sh", "exec dotnet \"$0\" - < .");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo("error: cannot read standard input: Is a directory. Give a readable file of SQL statements, or '-' for standard input.\n"));
    }

    [Test]
    public async Task SharedOutputFile_KeepsOrder()
    {
        // The shell's commands share one offset in the file: each writes after what the one before it wrote.
        await File.WriteAllTextAsync(Path.Combine(folder, "a.sql"), "SELECT 1;\nSELECT 'x';\n");
        (int exitCode, _, string error) = await RunShellAsync("/bin/sh", "{ echo first; dotnet \"$0\" --split a.sql; echo last; } > out.txt");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "out.txt")), Is.EqualTo("first\nSELECT ?\nSELECT ?\nlast\n"));
    }

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="shell"/> in the test's folder, with the built
    /// queryaudit-fingerprint.dll as <c>$0</c> and <paramref name="arguments"/> as <c>$1</c> on, and returns its exit code
    /// and output.
    /// </summary>
    private async Task<(int ExitCode, string Output, string Error)> RunShellAsync(string shell, string script, params string[] arguments)
    {
        ProcessStartInfo start = new(shell) { WorkingDirectory = folder };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "queryaudit-fingerprint.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return await ChildProcess.RunAsync(start, input: null);
    }

    /// <summary>
    /// Runs queryaudit-fingerprint.dll with <paramref name="arguments"/> in the test's folder, writes
    /// <paramref name="input"/> to its standard input (an empty one when null), and returns its exit code and output.
    /// </summary>
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, byte[]? input = null)
    {
        string program = Path.Combine(AppContext.BaseDirectory, "queryaudit-fingerprint.dll");
        Assert.That(File.Exists(program), Is.True, $"queryaudit-fingerprint was not built next to the tests: {program}");
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = folder,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return await ChildProcess.RunAsync(start, [input ?? []]);
    }
}

