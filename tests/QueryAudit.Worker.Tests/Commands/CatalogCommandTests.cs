using System.CommandLine;
using System.Text.Json;
using NUnit.Framework;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Commands;

public class CatalogCommandTests
{
    private const string ValidOperation = """
        /* queryaudit
        ticket: OPS-2026-1301
        approved-by: [k.suzuki]
        executor: [dba_bob]
        window: 2026-12-05T04:00+09:00/2026-12-05T06:00+09:00
        target: billing-prod/billing
        */
        UPDATE customers SET balance = 0.00 WHERE customer_id = 19;
        """;

    private string root = "";

    [SetUp]
    public void CreateFolder()
    {
        root = Path.Combine(Path.GetTempPath(), "queryaudit-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(root, recursive: true);

    [Test]
    public void Check_Fixture_ExitsZeroWithoutOutput()
    {
        (int exitCode, string output, string error) = Run("catalog", "check", FixtureCatalog(), "--policy", FixturePolicy());

        Assert.That(exitCode, Is.EqualTo(0), output + error);
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("0 error(s), 0 warning(s) in 10 script(s)"));
    }

    [Test]
    public void Check_BrokenHeaders_PrintsFileLineAndExitsOne()
    {
        Write("operations/ops1.sql", ValidOperation.Replace("approved-by: [k.suzuki]", "approver: k.suzuki", StringComparison.Ordinal));
        Write("operations/ops2.sql", ValidOperation.Replace("[k.suzuki]", "[dba_bob]", StringComparison.Ordinal));
        Write("operations/ops3.sql", ValidOperation);

        (int exitCode, string output, _) = Run("catalog", "check", root, "--no-git");

        string[] lines = output.TrimEnd().Split(Environment.NewLine);
        Assert.That(exitCode, Is.EqualTo(CatalogCommand.ExitCatalogErrors));
        Assert.That(lines, Has.Length.EqualTo(3), output);
        Assert.That(lines[0], Does.StartWith($"{root}/operations/ops1.sql:1: error: approval header lacks 'approved-by'"));
        Assert.That(lines[1], Does.StartWith($"{root}/operations/ops1.sql:3: error: unknown key 'approver'"));
        Assert.That(lines[2], Does.StartWith($"{root}/operations/ops2.sql:3: error: approver 'dba_bob' is also an executor"));
    }

    [Test]
    public void Check_WarningOnly_ExitsZero()
    {
        Write("operations/ops.sql", ValidOperation);
        Write("stray.sql", "SELECT 1;");

        (int exitCode, string output, _) = Run("catalog", "check", root, "--no-git");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output.Trim(), Is.EqualTo($"{root}/stray.sql:0: warning: script is outside 'migrations' and 'operations' and is ignored; move it into one of them"));
    }

    [Test]
    public void Check_PolicyWindowLimit_Applies()
    {
        Write("operations/ops.sql", ValidOperation);
        Write("policy.yaml", "max-operation-window: 1h\n");

        (int exitCode, string output, _) = Run("catalog", "check", root, "--no-git", "--policy", Path.Combine(root, "policy.yaml"));

        Assert.That(exitCode, Is.EqualTo(CatalogCommand.ExitCatalogErrors));
        Assert.That(output, Does.Contain("ops.sql:5: error: window is 2 hours long, longer than the policy's max-operation-window of 1 hour"));
    }

    [Test]
    public void Check_PolicyReviewers_RejectOwnAccount()
    {
        Write("operations/ops.sql", ValidOperation.Replace("[k.suzuki]", "[b.kato]", StringComparison.Ordinal));

        (int exitCode, string output, _) = Run("catalog", "check", root, "--no-git", "--policy", FixturePolicy());

        Assert.That(exitCode, Is.EqualTo(CatalogCommand.ExitCatalogErrors));
        Assert.That(output, Does.Contain("ops.sql:3: error: approver 'b.kato' owns executor account 'dba_bob'"));
    }

    [Test]
    public void Check_InvalidPolicy_ExitsOne()
    {
        Write("operations/ops.sql", ValidOperation);
        Write("policy.yaml", "max-operation-window: forever\n");

        (int exitCode, _, string error) = Run("catalog", "check", root, "--policy", Path.Combine(root, "policy.yaml"));

        Assert.That(exitCode, Is.EqualTo(CatalogCommand.ExitCatalogErrors), "an invalid policy is invalid input (exit 1), as for reconcile");
        Assert.That(error, Does.Contain("policy.yaml:1:"));
    }

    [Test]
    public void Check_Json_ListsProblemsWithCodes()
    {
        Write("operations/ops.sql", ValidOperation.Replace("target: billing-prod/billing", "target: billing-prod", StringComparison.Ordinal));

        (int exitCode, string output, _) = Run("catalog", "check", root, "--no-git", "--format", "json");

        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement problem = json.RootElement.GetProperty("problems")[0];
        Assert.That(exitCode, Is.EqualTo(CatalogCommand.ExitCatalogErrors));
        Assert.That(json.RootElement.GetProperty("errors").GetInt32(), Is.EqualTo(1));
        Assert.That(json.RootElement.GetProperty("scripts").GetInt32(), Is.EqualTo(1));
        Assert.That(json.RootElement.GetProperty("contentHash").GetString(), Has.Length.EqualTo(64));
        Assert.That(problem.GetProperty("file").GetString(), Is.EqualTo("operations/ops.sql"));
        Assert.That(problem.GetProperty("line").GetInt32(), Is.EqualTo(6));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("invalid-value"));
        Assert.That(problem.GetProperty("severity").GetString(), Is.EqualTo("error"));
    }

    [Test]
    public void Check_UnknownFormat_IsRejected()
    {
        (int exitCode, _, string error) = Run("catalog", "check", root, "--format", "xml");

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("xml"));
    }

    [Test]
    public void Show_Fixture_ListsApprovalsAndStatements()
    {
        (int exitCode, string output, _) = Run("catalog", "show", FixtureCatalog(), "--no-git");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("Scripts:      10 (4 migrations, 6 operations), 28 statements"));
        Assert.That(output, Does.Contain("operations/OPS-2026-1201__fix_negative_balances.sql  [operation]  APPROVED"));
        Assert.That(output, Does.Contain("window:           2026-12-05T04:00:00+09:00/2026-12-05T06:00:00+09:00"));
        Assert.That(output, Does.Contain("executors:        dba_bob"));
        Assert.That(output, Does.Contain("migrations/V003__proc_close_overdue_invoices.sql  [migration 003, Flyway, Up]  APPROVED"));
        Assert.That(output, Does.Contain("UPDATE customers SET balance = 0.00 WHERE customer_id IN"));
    }

    [Test]
    public void Show_Json_HasFullExactForms()
    {
        (int exitCode, string output, _) = Run("catalog", "show", FixtureCatalog(), "--no-git", "--format", "json");

        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement scripts = json.RootElement.GetProperty("scripts");
        JsonElement v003 = scripts.EnumerateArray().Single(s => s.GetProperty("path").GetString() == "migrations/V003__proc_close_overdue_invoices.sql");
        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(scripts.GetArrayLength(), Is.EqualTo(10));
        Assert.That(v003.GetProperty("statements").GetArrayLength(), Is.EqualTo(2));
        Assert.That(v003.GetProperty("statements")[1].GetProperty("exactForm").GetString(), Does.EndWith("END"));
        Assert.That(v003.GetProperty("approval").GetProperty("approvers")[0].GetString(), Is.EqualTo("h.tanaka"));
        Assert.That(v003.GetProperty("approval").GetProperty("approvedAt").GetString(), Is.EqualTo("2026-12-04T18:00:00+09:00"));
    }

    private void Write(string path, string content)
    {
        string full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        RootCommand command = new("test");
        command.Subcommands.Add(CatalogCommand.Create());
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string FixtureCatalog() => Path.Combine(RepositoryRoot(), "sql-fixtures", "catalog");

    private static string FixturePolicy() => Path.Combine(RepositoryRoot(), "sql-fixtures", "policy.yaml");

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "sql-fixtures", "catalog")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"sql-fixtures/catalog was not found above {TestContext.CurrentContext.TestDirectory}");
    }
}
