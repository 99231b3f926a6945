using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using QueryAudit.Sql;
using QueryAudit.Tests.Shared;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Commands;

public sealed class FingerprintCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string input, bool split, bool exact)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fingerprint-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(path, input);
        try
        {
            using MemoryStream output = new();
            using StringWriter error = new();
            int exitCode = FingerprintRunner.Run(path, split, exact, output, error, CancellationToken.None);
            return (exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Lines_PrintOneTemplateEach()
    {
        (int exitCode, string output, _) = await RunAsync("select a,b from t where id in (1,2,3)\r\n\nUPDATE t SET n = '名前' WHERE id = -1;\n", split: false, exact: false);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo("SELECT a , b FROM t WHERE id IN ( ... )\nUPDATE t SET n = ? WHERE id = - ?\n"));
    }

    [Test]
    public async Task Split_FollowsDelimiter()
    {
        string script = "DROP PROCEDURE IF EXISTS p;\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nCALL p(7);\n";

        (int exitCode, string output, _) = await RunAsync(script, split: true, exact: false);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo("DROP PROCEDURE IF EXISTS p\nCREATE PROCEDURE p ( ) BEGIN SELECT ? ; END\nCALL p ( ? )\n"));
    }

    [Test]
    public async Task Exact_KeepsLiterals()
    {
        (int exitCode, string output, _) = await RunAsync("UPDATE t SET n = 'O\\'Brien'; SELECT 1", split: true, exact: true);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo("UPDATE t SET n = 'O''Brien'\nSELECT 1\n"));
    }

    [Test]
    public async Task ByteOrderMark_IsSkipped()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fingerprint-{Guid.NewGuid():N}.sql");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("SELECT 'é' FROM t\n")]);
        try
        {
            using MemoryStream output = new();
            using StringWriter error = new();

            int exitCode = FingerprintRunner.Run(path, split: false, exactForm: true, output, error, CancellationToken.None);

            Assert.That(exitCode, Is.Zero);
            Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("SELECT 'é' FROM t\n"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Utf16File_IsDecoded()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fingerprint-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(path, "SELECT '値' FROM t\n", Encoding.Unicode);
        try
        {
            using MemoryStream output = new();
            using StringWriter error = new();

            int exitCode = FingerprintRunner.Run(path, split: false, exactForm: true, output, error, CancellationToken.None);

            Assert.That(exitCode, Is.Zero);
            Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("SELECT '値' FROM t\n"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(string Output, string Error)> RunOnBytesAsync(byte[] input, bool split, bool exact)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fingerprint-{Guid.NewGuid():N}.sql");
        await File.WriteAllBytesAsync(path, input);
        try
        {
            using MemoryStream output = new();
            using StringWriter error = new();
            int exitCode = FingerprintRunner.Run(path, split, exact, output, error, CancellationToken.None);
            Assert.That(exitCode, Is.Zero, error.ToString());
            return (Encoding.UTF8.GetString(output.ToArray()), error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<TestCaseData> MarkedEncodings()
    {
        yield return new TestCaseData(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)).SetArgDisplayNames("UTF-8");
        yield return new TestCaseData(Encoding.Unicode).SetArgDisplayNames("UTF-16LE");
        yield return new TestCaseData(Encoding.BigEndianUnicode).SetArgDisplayNames("UTF-16BE");
        yield return new TestCaseData(Encoding.UTF32).SetArgDisplayNames("UTF-32LE");
        yield return new TestCaseData(new UTF32Encoding(bigEndian: true, byteOrderMark: true)).SetArgDisplayNames("UTF-32BE");
    }

    [TestCaseSource(nameof(MarkedEncodings))]
    public async Task ByteOrderMark_SelectsEncoding(Encoding encoding)
    {
        string script = "SELECT '値😀' FROM t;\nSELECT 2;";

        (string output, string error) = await RunOnBytesAsync([.. encoding.GetPreamble(), .. encoding.GetBytes(script)], split: true, exact: true);

        Assert.That(output, Is.EqualTo("SELECT '値😀' FROM t\nSELECT 2\n"));
        Assert.That(error, Is.Empty);
    }

    [Test]
    public async Task ByteOrderMark_InvalidBytesCounted()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. "SELECT '"u8, 0x96, 0xBC, .. "';\nSELECT `"u8, 0xFF, .. "`;"u8];

        (string output, string error) = await RunOnBytesAsync(input, split: true, exact: true);

        Assert.That(output, Is.EqualTo("SELECT '\uFFFD\uFFFD'\nSELECT `\uFFFD`\n"));
        Assert.That(error, Does.Contain("has 3 byte sequence(s) that are not valid UTF-8"));
    }

    [Test]
    public async Task TruncatedSequenceAtEnd_IsCounted()
    {
        // The first two bytes of the three of "あ" end the file.
        (string output, string error) = await RunOnBytesAsync([.. "SELECT 1 "u8, 0xE3, 0x81], split: true, exact: true);

        Assert.That(output, Is.EqualTo("SELECT 1 `\uFFFD`\n"));
        Assert.That(error, Does.Contain("has 1 byte sequence(s) that are not valid UTF-8"));
    }

    [Test]
    public async Task LargeFile_CountsEachInvalidByteOnce()
    {
        // Mostly invalid bytes through several read buffers, so that some fall where the decoded characters fill a block.
        List<byte> input = [];
        int invalid = 0;
        for (int i = 0; input.Count < 300_000; i++)
        {
            input.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"SELECT '{i}")));
            for (int j = 0; j < 100 + (i % 37); j++)
            {
                // A lone continuation byte, a byte never valid in UTF-8, or the first two of three bytes, each ended by an x.
                byte[] sequence = ((i + j) % 3) switch
                {
                    0 => [0x96],
                    1 => [0xFF],
                    _ => [0xE3, 0x81],
                };
                input.AddRange(sequence);
                input.Add((byte)'x');
                invalid++;
            }

            input.AddRange("' FROM t;\n"u8);
        }

        (string output, string error) = await RunOnBytesAsync([.. input], split: true, exact: true);

        Assert.That(output.Count(c => c == '\uFFFD'), Is.EqualTo(invalid));
        Assert.That(error, Does.Contain($"has {invalid} byte sequence(s) that are not valid UTF-8"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task LargeFile_MatchesWholeScript(bool exact)
    {
        // Several read buffers of text whose characters take 1 to 4 bytes, so that sequences and surrogate pairs
        // straddle the ends of reads and of blocks.
        StringBuilder script = new();
        for (int i = 0; script.Length < 400_000; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO t VALUES ({i}, '名前{string.Concat(Enumerable.Repeat("😀", i % 7))}', 'é{i % 13}');\n");
            script.Append(CultureInfo.InvariantCulture, $"SELECT `列{i % 5}` FROM t WHERE id IN ({i}, {i + 1});\n");
        }

        ArrayBufferWriter<char> expected = new();
        SqlFingerprint.WriteScript(script.ToString(), expected, exact);

        (string output, string error) = await RunOnBytesAsync(Encoding.UTF8.GetBytes(script.ToString()), split: true, exact);

        Assert.That(output, Is.EqualTo(expected.WrittenSpan.ToString()));
        Assert.That(error, Is.Empty);
    }

    [Test]
    public void Command_UsesSharedHelpText()
    {
        // The native queryaudit-fingerprint prints the same texts in its help (QueryAudit.Fingerprint.Tests).
        Command command = FingerprintCommand.Create();

        Assert.That(command.Description, Is.EqualTo(FingerprintHelpText.Description));
        Assert.That(command.Arguments.Select(a => a.Name), Is.EqualTo(new[] { "file" }));
        Assert.That(command.Arguments[0].Description, Is.EqualTo(FingerprintHelpText.File));
        Assert.That(command.Options.Select(o => o.Name), Is.EqualTo(new[] { "--split", "--exact" }));
        Assert.That(command.Options[0].Description, Is.EqualTo(FingerprintHelpText.Split));
        Assert.That(command.Options[1].Description, Is.EqualTo(FingerprintHelpText.Exact));
    }

    [Test]
    public void MissingFile_ExitsOneAsInvalidInput()
    {
        using MemoryStream output = new();
        using StringWriter error = new();

        int exitCode = FingerprintRunner.Run("/nonexistent/statements.sql", split: false, exactForm: false, output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("/nonexistent/statements.sql"));
    }

    [Test]
    public void Folder_ExitsOneNamingIt()
    {
        string folder = TestPaths.NewTempFolder("fingerprint-folder");
        using MemoryStream output = new();
        using StringWriter error = new();

        int exitCode = FingerprintRunner.Run(folder, split: false, exactForm: false, output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain(folder + " is a folder"));
    }

    [Test]
    public async Task ShiftJisFile_WarnsAndReplaces()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fingerprint-{Guid.NewGuid():N}.sql");

        // "SELECT '名前' FROM t" with the two kanji in Shift_JIS: 0x96BC 0x914F, neither valid UTF-8.
        await File.WriteAllBytesAsync(path, [.. "SELECT '"u8, 0x96, 0xBC, 0x91, 0x4F, .. "' FROM t\nSELECT 2\n"u8]);
        try
        {
            using MemoryStream output = new();
            using StringWriter error = new();

            int exitCode = FingerprintRunner.Run(path, split: false, exactForm: true, output, error, CancellationToken.None);

            Assert.That(exitCode, Is.Zero);
            Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("SELECT '\uFFFD\uFFFD\uFFFDO' FROM t\nSELECT 2\n"));
            Assert.That(error.ToString(), Does.Contain($"warning: {path} has 3 byte sequence(s) that are not valid UTF-8"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Utf8File_NoWarning()
    {
        (int exitCode, _, string error) = await RunAsync("SELECT '名前' FROM t\n", split: false, exact: false);

        Assert.That(exitCode, Is.Zero);
        Assert.That(error, Is.Empty);
    }

    [Test]
    public async Task ShiftJisStandardInput_WarnsNamingIt()
    {
        // The built worker reads its own standard input, so this runs it as a child process.
        byte[] input = [.. "SELECT '"u8, 0x96, 0xBC, 0x91, 0x4F, .. "' FROM t;\nSELECT 2;\n"u8];
        (int exitCode, string output, string error) = await RunWorkerAsync("dotnet", ["{worker}", "fingerprint", "--split", "-"], [input]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ? FROM t\nSELECT ?\n"));
        Assert.That(error, Does.Contain("warning: standard input has 3 byte sequence(s) that are not valid UTF-8"));
    }

    [Test]
    public async Task Utf16StandardInputByteByByte_IsDecoded()
    {
        // The first read returns the first byte of the byte order mark alone. StreamReader then took the input for UTF-8.
        byte[] input = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("SELECT 1;\nSELECT 'x';\n")];
        (int exitCode, string output, string error) = await RunWorkerAsync("dotnet", ["{worker}", "fingerprint", "--split", "-"], [input[..1], input[1..]]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ?\nSELECT ?\n"));
        Assert.That(error, Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task FullOutputDisk_ExitsOneNamingIt(bool split)
    {
        // The write error was reported as a failed read of the input, and the flush after it threw with a stack trace.
        string path = Path.Combine(Path.GetTempPath(), $"fingerprint-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(path, "SELECT 1;\n");
        try
        {
            string[] arguments = split
                ? ["-c", "exec dotnet \"$0\" fingerprint --split \"$1\" > /dev/full", "{worker}", path]
                : ["-c", "exec dotnet \"$0\" fingerprint \"$1\" > /dev/full", "{worker}", path];
            (int exitCode, _, string error) = await RunWorkerAsync("/bin/sh", arguments, input: null);

            Assert.That(exitCode, Is.EqualTo(1), error);
            Assert.That(error, Does.StartWith("error: cannot write the output: "));
            Assert.That(error, Does.Not.Contain("   at "));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task ClosedStandardOutput_ExitsOneNamingIt()
    {
        // The first write failed with an unhandled UnauthorizedAccessException and its stack trace.
        (int exitCode, string output, string error) = await RunWorkerAsync("/bin/sh", ["-c", "exec dotnet \"$0\" fingerprint - >&-", "{worker}"], [Encoding.UTF8.GetBytes("SELECT 1;\n")]);

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain("error: standard output was closed when the command started"));
        Assert.That(error, Does.Not.Contain("SELECT"));
    }

    [Test]
    public async Task ReaderGone_StopsQuietly()
    {
        // The console's stream dropped the output after `head` exited, so the run read the endless input on.
        (int exitCode, string output, string error) = await RunWorkerAsync(
            "/bin/bash",
            ["-c", "yes 'SELECT 1;' 2>/dev/null | timeout 60 dotnet \"$0\" fingerprint --split - | head -n 1; echo \"exit ${PIPESTATUS[1]}\" >&2", "{worker}"],
            input: null);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("SELECT ?\n"));
        Assert.That(error, Is.EqualTo("exit 0\n"));
    }

    [TestCase("--help", "> /dev/full", "No space left on device")]
    [TestCase("--version", "> /dev/full", "No space left on device")]
    [TestCase("fingerprint --help", ">&-", "Bad file descriptor")]
    public async Task HelpToBadOutput_ExitsOneNamingIt(string arguments, string redirection, string reason)
    {
        // System.CommandLine's handler printed the failed write as an unhandled exception with its stack trace.
        (int exitCode, _, string error) = await RunWorkerAsync(
            "/bin/sh", ["-c", $"exec dotnet \"$0\" {arguments} {redirection}", "{worker}"], input: null);

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(error, Is.EqualTo($"error: cannot write the output: {reason}. Check that standard output is open and its disk has room.\n"));
    }

    [TestCase("missing.sql", 1)]
    [TestCase("--bogus", 2)]
    public async Task ClosedStandardError_KeepsExitCode(string argument, int expected)
    {
        // The failed write of the error message was unhandled, and the run aborted with exit code 134.
        (int exitCode, string output, _) = await RunWorkerAsync(
            "/bin/sh", ["-c", "exec dotnet \"$0\" fingerprint \"$1\" 2>&-", "{worker}", argument], input: null);

        Assert.That(exitCode, Is.EqualTo(expected));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task EmptyFileName_ExitsTwo()
    {
        // FileStream threw an ArgumentException for the empty path, printed with its stack trace.
        (int exitCode, string output, string error) = await RunWorkerAsync("dotnet", ["{worker}", "fingerprint", ""], input: null);

        Assert.That(exitCode, Is.EqualTo(2), error);
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("The file name is empty"));
        Assert.That(error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task ClosedStandardInput_ExitsOneNamingIt()
    {
        // With standard input closed, a descriptor the runtime opens takes number 0, and reading it would never end.
        (int exitCode, string output, string error) = await RunWorkerAsync("/bin/sh", ["-c", "exec dotnet \"$0\" fingerprint - <&-", "{worker}"], input: null);

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("error: standard input was closed when the command started"));
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/>, in which <c>{worker}</c> stands for the built
    /// worker, writes <paramref name="input"/> to its standard input when given, and returns its exit code and output.
    /// Each chunk after the first is written a second later, so that the worker reads the first one alone.
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunWorkerAsync(string program, string[] arguments, byte[][]? input)
    {
        string worker = Path.Combine(AppContext.BaseDirectory, "queryaudit.dll");
        Assert.That(File.Exists(worker), Is.True, $"The worker was not built next to the tests: {worker}");
        ProcessStartInfo start = new(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument == "{worker}" ? worker : argument);
        }

        return await ChildProcess.RunAsync(start, input);
    }
}

