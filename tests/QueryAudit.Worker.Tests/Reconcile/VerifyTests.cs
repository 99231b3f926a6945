using System.Text.Json.Nodes;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// <c>verify</c> does not take manifest.json on trust: the manifest must list every report file, agree with
/// report.json, and be readable, and each failure names the file and what to do.
/// </summary>
public class VerifyTests
{
    private string _report = "";

    [OneTimeSetUp]
    public async Task ReconcileFixtureMonth()
    {
        _report = TestPaths.NewTempFolder("verify-report");
        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), _report));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Unchanged_PassesAndPrintsHashes()
    {
        (int exitCode, string output, string errors) = await VerifyAsync(Copy());

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Match("manifest.json SHA-256: [0-9a-f]{64}"));
        Assert.That(output, Does.Match("report.pdf SHA-256 in manifest.json: [0-9a-f]{64}"));
        Assert.That(errors, Is.Empty);
    }

    [TestCase("quarantine.csv")]
    [TestCase("approved-executions.csv")]
    [TestCase("report.json")]
    public async Task FileAndEntryDeleted_Fails(string name)
    {
        string folder = Copy();
        File.Delete(Path.Combine(folder, name));
        EditManifest(folder, manifest =>
        {
            JsonArray outputs = manifest["outputs"]!.AsArray();
            outputs.Remove(outputs.Single(entry => (string?)entry!["path"] == name));
        });

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"not in manifest: {name}"));
    }

    [TestCase("period", "label", "2026-11")]
    [TestCase("period", "timeZone", "UTC")]
    [TestCase("period", "startUtc", "2026-12-01T00:00:00+00:00")]
    [TestCase("counts", "statements", 19_461)]
    [TestCase("counts", "findings", 0)]
    [TestCase("counts", "events", 1)]
    public async Task ManifestFieldEdited_FailsNamingIt(string section, string field, object value)
    {
        string folder = Copy();
        EditManifest(folder, manifest => manifest[section]![field] = JsonValue.Create(value));

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"mismatch: {section}.{field} is "));
    }

    [Test]
    public async Task ReportIdEdited_Fails()
    {
        string folder = Copy();
        EditManifest(folder, manifest => manifest["reportId"] = "QA-202611-en-00000000");

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("mismatch: reportId is 'QA-202611-en-00000000' in manifest.json"));
    }

    [Test]
    public async Task OutputOutsideFolder_Fails()
    {
        string folder = Copy();
        EditManifest(folder, manifest => manifest["outputs"]!.AsArray().Add(new JsonObject { ["path"] = "../manifest.json", ["sha256"] = "00", ["bytes"] = 1 }));

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("invalid: output '../manifest.json'"));
    }

    [Test]
    public async Task OutputListedTwice_Fails()
    {
        string folder = Copy();
        EditManifest(folder, manifest =>
        {
            JsonArray outputs = manifest["outputs"]!.AsArray();
            outputs.Add(outputs.Single(entry => (string?)entry!["path"] == "findings.csv")!.DeepClone());
        });

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("invalid: output 'findings.csv' is listed more than once"));
    }

    [Test]
    public async Task InputEntryRemoved_FailsNamingCount()
    {
        string folder = Copy();
        EditManifest(folder, manifest => manifest["inputs"]!.AsArray().RemoveAt(0));

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("mismatch: inputs (count) is '5' in manifest.json but '6' in report.json"));
    }

    [TestCase("lines", 1)]
    [TestCase("events", 2)]
    [TestCase("sha256", "00")]
    public async Task InputFieldEdited_FailsNamingIt(string field, object value)
    {
        string folder = Copy();
        EditManifest(folder, manifest => manifest["inputs"]![0]![field] = JsonValue.Create(value));

        (int exitCode, string output, _) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"mismatch: inputs[0].{field} is "));
    }

    [TestCase("outputs")]
    [TestCase("inputs")]
    [TestCase("policy")]
    public async Task ManifestFieldNull_ClearError(string field)
    {
        string folder = Copy();
        EditManifest(folder, manifest => manifest[field] = null);

        (int exitCode, _, string errors) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain($"is not a valid manifest: '{field}"));
        Assert.That(errors, Does.Not.Contain("Exception"));
    }

    [Test]
    public async Task ManifestMissing_ErrorOnStandardError()
    {
        string folder = Copy();
        File.Delete(Path.Combine(folder, "manifest.json"));

        (int exitCode, string output, string errors) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("manifest.json not found"));
        Assert.That(errors, Does.Contain("report folder that reconcile wrote"));
    }

    [TestCase("{ \"manifestVersion\": 1,, }", "at line 1")]
    [TestCase("{\n  \"manifestVersion\": 1\n}", "a field is missing")]
    [TestCase("null", "null, not a manifest")]
    public async Task ManifestCorrupt_ClearErrorOnStandardError(string text, string expected)
    {
        string folder = Copy();
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), text);

        (int exitCode, string output, string errors) = await VerifyAsync(folder);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(errors, Does.Contain("manifest.json"));
        Assert.That(errors, Does.Contain(expected));
        Assert.That(errors, Does.Contain("Restore the report folder"));
        Assert.That(errors, Does.Not.Contain("System.Text.Json").And.Not.Contain("Path: $"), "no raw .NET exception text");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> VerifyAsync(string folder)
    {
        StringWriter output = new();
        StringWriter errors = new();
        int exitCode = await VerifyCommand.VerifyAsync(folder, checkInputs: false, output, errors, CancellationToken.None);
        return (exitCode, output.ToString(), errors.ToString());
    }

    private string Copy()
    {
        string copy = TestPaths.NewTempFolder("verify-copy");
        foreach (string file in Directory.GetFiles(_report))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static void EditManifest(string folder, Action<JsonObject> edit)
    {
        string path = Path.Combine(folder, "manifest.json");
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }
}
