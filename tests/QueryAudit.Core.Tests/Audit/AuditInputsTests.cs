using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

public class AuditInputsTests
{
    private const string MariaDbLine = "20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0\n";
    private const string AuroraLine = "1796413871000000,vm,root,localhost,3,0,CONNECT,,,0\n";

    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Expand_Rotations_OldestFirstLiveLast()
    {
        string[] names = ["server_audit.log.gz", "server_audit.log.001.gz", "server_audit.log.10", "server_audit.log.2", "server_audit.log.005.gz"];
        foreach (string name in names)
        {
            Write(name, MariaDbLine);
        }

        AuditInputSet set = AuditInputs.Expand([_folder]);

        Assert.That(set.Sources.Select(s => Path.GetFileName(s.Name)), Is.EqualTo(new[]
        {
            "server_audit.log.10", "server_audit.log.005.gz", "server_audit.log.2", "server_audit.log.001.gz", "server_audit.log.gz",
        }));
        Assert.That(set.Sources.Select(s => s.Name), Is.All.StartWith(_folder));
        Assert.That(set.SkippedFiles, Is.Empty);
    }

    [Test]
    public void Expand_NestedFolders_SortsByFolderThenLog()
    {
        Write(Path.Combine("b", "z.audit.log"), AuroraLine);
        Write(Path.Combine("a", "y.audit.log.gz"), AuroraLine);
        Write(Path.Combine("a", "x.audit.log"), AuroraLine);
        Write(Path.Combine("a", "deeper", "w.audit.log"), AuroraLine);

        AuditInputSet set = AuditInputs.Expand([_folder]);

        Assert.That(set.Sources.Select(s => Path.GetRelativePath(_folder, s.Name)), Is.EqualTo(new[]
        {
            Path.Combine("a", "x.audit.log"),
            Path.Combine("a", "y.audit.log.gz"),
            Path.Combine("a", "deeper", "w.audit.log"),
            Path.Combine("b", "z.audit.log"),
        }));
    }

    [Test]
    public void Expand_OtherFiles_SkippedAndListed()
    {
        Write("server_audit.log", MariaDbLine);
        Write("run1.aurora.log.gz", AuroraLine, gzip: true);
        Write("error.log", "2026-12-04 19:51:09 0 [Note] Starting MariaDB 10.11.19\n");
        Write("journal.tsv", "start\tend\taccount\n");
        Write("empty.txt", "");
        Write(".hidden.audit.log", MariaDbLine);

        AuditInputSet set = AuditInputs.Expand([_folder]);

        Assert.That(set.Sources.Select(s => Path.GetFileName(s.Name)), Is.EqualTo(new[] { "run1.aurora.log.gz", "server_audit.log" }));
        Assert.That(set.SkippedFiles.Select(Path.GetFileName), Is.EqualTo(new[] { "empty.txt", "error.log", "journal.tsv" }));
    }

    [Test]
    public void Expand_FileNamedDirectly_IsAlwaysRead()
    {
        string path = Write("notes.txt", "not an audit log\n");

        AuditInputSet set = AuditInputs.Expand([path]);

        Assert.That(set.Sources.Single().Name, Is.EqualTo(path));
    }

    [Test]
    public void Expand_SameFileTwice_ReadsItOnce()
    {
        string path = Write("server_audit.log", MariaDbLine);

        AuditInputSet set = AuditInputs.Expand([path, _folder, Path.Combine(_folder, ".", "server_audit.log")]);

        Assert.That(set.Sources, Has.Count.EqualTo(1));
    }

    [Test]
    public void Expand_Dash_AddsStandardInputLast()
    {
        string path = Write("server_audit.log", MariaDbLine);

        AuditInputSet set = AuditInputs.Expand(["-", path]);

        Assert.That(set.Sources.Select(s => s.Name), Is.EqualTo(new[] { path, "-" }));
        Assert.That(set.Sources[1], Is.TypeOf<StandardInputAuditLineSource>());
    }

    [Test]
    public void Expand_MissingPath_NamesIt()
    {
        string missing = Path.Combine(_folder, "no-such-file.log");

        Assert.That(() => AuditInputs.Expand([missing]),
            Throws.TypeOf<AuditInputException>().With.Message.Contains($"'{missing}' was not found"));
    }

    [Test]
    public void Expand_FolderWithoutAuditLogs_NamesIt()
    {
        Write("error.log", "2026-12-04 19:51:09 0 [Note] Starting\n");

        Assert.That(() => AuditInputs.Expand([_folder]),
            Throws.TypeOf<AuditInputException>().With.Message.Contains($"Folder '{_folder}' contains no audit log files"));
    }

    [Test]
    public void Expand_Options_ReachEverySource()
    {
        Write("billing-prod-instance-1.audit.log", AuroraLine);
        Write("server_audit.log", MariaDbLine);

        AuditInputSet set = AuditInputs.Expand([_folder], new AuditFileSourceOptions { Instance = "forced" });

        Assert.That(set.Sources.Cast<FileAuditLineSource>().Select(s => s.Instance), Is.All.EqualTo("forced"));
    }

    [TestCase("server_audit.log.2", "server_audit.log.1", -1)]
    [TestCase("server_audit.log.1", "server_audit.log", -1)]
    [TestCase("server_audit.log.10.gz", "server_audit.log.9.gz", -1)]
    [TestCase("a.audit.log", "b.audit.log", -1)]
    [TestCase("x/server_audit.log", "y/server_audit.log.5", -1)]
    public void CompareReadingOrder_OrdersPairs(string left, string right, int expected)
    {
        Assert.That(Math.Sign(AuditInputs.CompareReadingOrder(left, right)), Is.EqualTo(expected));
        Assert.That(Math.Sign(AuditInputs.CompareReadingOrder(right, left)), Is.EqualTo(-expected));
    }

    private string Write(string relativePath, string content, bool gzip = false)
    {
        string path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var stream = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                stream.Write(bytes);
            }

            bytes = buffer.ToArray();
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }
}
