using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using QueryAudit.Deploy.Tests.CloudFormation;

namespace QueryAudit.Deploy.Tests.Container;

public class DockerfileTests
{
    private const string OfficialImages = "mcr.microsoft.com/dotnet/";

    private static readonly Dockerfile Image = Dockerfile.Load(RepositoryPaths.Dockerfile);

    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    [Test]
    public void BuildStage_UsesOfficialSdkOfTargetFramework()
    {
        DockerStage build = Image.Stages[0];

        Assert.That(build.BaseImage, Is.EqualTo($"{OfficialImages}sdk:{TargetDotnetVersion()}"));
        Assert.That(build.All("RUN").Select(run => run.Arguments), Has.Some.StartsWith("dotnet build QueryAudit.sln"));
    }

    [Test]
    public void RuntimeStage_UsesOfficialRuntimeImage()
    {
        // The ASP.NET Core image is needed only when the worker references that shared framework.
        string expectedKind = WorkerReferencesAspNetCore() ? "aspnet" : "runtime";

        Assert.That(Image.Final.BaseImage, Does.StartWith($"{OfficialImages}{expectedKind}:{TargetDotnetVersion()}"));
    }

    [Test]
    public void RuntimeStage_HasIcuAndTzdataWhenGlobalizationIsOn()
    {
        bool invariant = string.Equals(BuildProperty("InvariantGlobalization"), "true", StringComparison.OrdinalIgnoreCase);
        string image = Image.Final.BaseImage;

        // Chiseled images carry ICU and tzdata only in their "extra" variant.
        if (!invariant && image.Contains("chiseled", StringComparison.Ordinal))
        {
            Assert.That(image, Does.EndWith("-extra"), "The report needs ICU and time zones; use the -chiseled-extra variant.");
        }

        Assert.That(invariant, Is.False, "InvariantGlobalization would break Japanese formatting in the report.");
    }

    [Test]
    public void RuntimeStage_User_IsNumericNonRootAndMatchesTask()
    {
        string user = Image.Final.All("USER").Last().Arguments;
        string[] parts = user.Split(':');

        Assert.That(int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int uid), Is.True, $"USER '{user}' must be numeric.");
        Assert.That(uid, Is.GreaterThan(0), $"USER '{user}' is root.");
        Assert.That(user, Is.EqualTo(TaskContainer()["User"]), "The ECS task must run the same user as the image.");
    }

    [Test]
    public void RuntimeStage_HealthCheck_IsExecFormOfHealthCommand()
    {
        string[] command = HealthCheckCommand();

        Assert.That(command.Take(2), Is.EqualTo(new[] { "/app/queryaudit", "health" }));
        Assert.That(command, Does.Contain("--url"));
        Assert.That(command.Last(), Does.StartWith("http://127.0.0.1:"));
    }

    [Test]
    public void RuntimeStage_HealthCheck_MatchesTaskDefinition()
    {
        List<object?> taskCommand = TemplateValues.List(TemplateValues.Get(TaskContainer(), "HealthCheck", "Command"), "HealthCheck.Command");

        Assert.That(taskCommand.Skip(1), Is.EqualTo(HealthCheckCommand()), "ECS ignores the image's HEALTHCHECK, so the task repeats it.");
    }

    [Test]
    public void RuntimeStage_HealthPort_MatchesWorkerSetting()
    {
        string port = new Uri(HealthCheckCommand().Last()).Port.ToString(CultureInfo.InvariantCulture);

        Assert.That(FinalEnvironment(), Does.Contain($"QUERYAUDIT__Health__Port={port}"));
    }

    [TestCase("org.opencontainers.image.version", "VERSION")]
    [TestCase("org.opencontainers.image.revision", "COMMIT")]
    public void RuntimeStage_Label_ComesFromBuildArgument(string label, string argument)
    {
        DockerInstruction[] instructions = Image.Final.Instructions.ToArray();
        int argIndex = Array.FindIndex(instructions, i => i.Keyword == "ARG" && i.Arguments.Split('=')[0] == argument);
        int labelIndex = Array.FindIndex(instructions, i => i.Keyword == "LABEL" && i.Arguments.Contains($"{label}=\"${{{argument}}}\"", StringComparison.Ordinal));

        Assert.That(labelIndex, Is.GreaterThanOrEqualTo(0), $"No LABEL {label}=\"${{{argument}}}\" in the runtime stage.");
        // An ARG is visible only in the stage that declares it, and only after its declaration.
        Assert.That(argIndex, Is.InRange(0, labelIndex - 1), $"ARG {argument} must be declared in the runtime stage before the LABEL.");
    }

    [Test]
    public void RuntimeStage_RunsWorkerByDefault()
    {
        Assert.That(Image.Final.All("ENTRYPOINT").Single().Arguments, Is.EqualTo("[\"/app/queryaudit\"]"));
        Assert.That(Image.Final.All("CMD").Single().Arguments, Is.EqualTo("[\"run\"]"));
    }

    [Test]
    public void RuntimeStage_DeclaresTmpVolumeThatTaskMounts()
    {
        string[] volumes = JsonSerializer.Deserialize<string[]>(Image.Final.All("VOLUME").Single().Arguments) ?? [];
        Dictionary<string, object?> mount = TemplateValues.Map(TemplateValues.List(TaskContainer()["MountPoints"], "MountPoints").Single(), "MountPoints[0]");

        Assert.That(volumes, Does.Contain("/tmp"));
        Assert.That(volumes, Does.Contain(mount["ContainerPath"]), "ECS copies the image's permissions of a VOLUME path onto the task volume mounted there.");
        Assert.That(FinalEnvironment(), Does.Contain("TMPDIR=/tmp"));
    }

    [Test]
    public void RuntimeStage_HasNoShellSteps()
    {
        // The chiseled image has no shell or package manager, and the application files stay owned by root.
        Assert.That(Image.Final.All("RUN"), Is.Empty);
        DockerInstruction appCopy = Image.Final.All("COPY").Single(copy => copy.Arguments.EndsWith(" /app", StringComparison.Ordinal));
        Assert.That(appCopy.Arguments, Does.StartWith("--from=publish ").And.Not.Contain("--chown"));
    }

    [Test]
    public void Build_InstallsNoFontPackage()
    {
        // The report's fonts are embedded in the assemblies; a font package would be an unreviewed input.
        Regex fontPackage = new(@"\b(fonts-[a-z0-9-]+|fontconfig|ttf-[a-z0-9-]+|otf-[a-z0-9-]+)\b");

        using (Assert.EnterMultipleScope())
        {
            foreach (DockerInstruction run in Image.Instructions.Where(i => i.Keyword == "RUN"))
            {
                Assert.That(fontPackage.IsMatch(run.Arguments), Is.False, $"Line {run.Line} installs a font package: {run.Arguments}");
            }
        }
    }

    [Test]
    public void PublishStage_RunsTestsFirstAndSharedPublishScript()
    {
        DockerStage publish = Image.Stage("publish");
        DockerStage test = Image.Stage("test");

        // BuildKit skips stages nothing depends on; publishing from the test stage keeps the tests in every build.
        Assert.That(publish.BaseImage, Is.EqualTo("test"));
        Assert.That(test.BaseImage, Is.EqualTo("build"));
        Assert.That(test.All("RUN").Select(run => run.Arguments), Has.Some.StartsWith("dotnet test "));
        Assert.That(publish.All("RUN").Single().Arguments, Does.StartWith("./scripts/publish-worker.sh /app \"$VERSION\" \"$COMMIT\""));
        Assert.That(File.ReadAllText(RepositoryPaths.ContainerStartScript), Does.Contain("scripts/publish-worker.sh\" \"$work/app\" \"$version\" \"$commit\""));
    }

    [Test]
    public void DockerIgnore_MatchesStartCheckContext()
    {
        string[] ignored = File.ReadAllLines(RepositoryPaths.DockerIgnore)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(NormalizePattern)
            .ToArray();
        string[] excluded = Regex.Matches(File.ReadAllText(RepositoryPaths.ContainerStartScript), @"--exclude=('?)([^'\s]+)\1")
            .Select(match => NormalizePattern(match.Groups[2].Value))
            .ToArray();

        Assert.That(ignored, Does.Contain(".git").And.Contain("bin").And.Contain("obj"));
        Assert.That(excluded, Is.EquivalentTo(ignored), "scripts/check-container-start.sh must copy the same build context as docker build.");
    }

    private static string NormalizePattern(string pattern)
    {
        string normalized = pattern.StartsWith("**/", StringComparison.Ordinal) ? pattern[3..] : pattern;
        return normalized.Trim('/');
    }

    private static string[] HealthCheckCommand()
    {
        string arguments = Image.Final.All("HEALTHCHECK").Single().Arguments;
        int cmd = arguments.IndexOf("CMD [", StringComparison.Ordinal);

        Assert.That(cmd, Is.GreaterThanOrEqualTo(0), "HEALTHCHECK must use the exec form CMD [...]: the image has no shell.");
        return JsonSerializer.Deserialize<string[]>(arguments[(cmd + 4)..]) ?? [];
    }

    private static string[] FinalEnvironment() =>
        Image.Final.All("ENV").SelectMany(env => env.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    private static Dictionary<string, object?> TaskContainer() =>
        TemplateValues.Map(
            TemplateValues.List(Template.Resource("TaskDefinition").Properties["ContainerDefinitions"], "ContainerDefinitions").Single(),
            "ContainerDefinitions[0]");

    /// <summary>Returns the .NET version of the TargetFramework in Directory.Build.props, such as 10.0 for net10.0.</summary>
    private static string TargetDotnetVersion()
    {
        string framework = BuildProperty("TargetFramework") ?? throw new AssertionException("Directory.Build.props sets no TargetFramework.");
        return framework.Replace("net", string.Empty, StringComparison.Ordinal);
    }

    private static string? BuildProperty(string name) =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"))
            .Descendants(name)
            .Select(element => element.Value.Trim())
            .FirstOrDefault();

    private static bool WorkerReferencesAspNetCore() =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "QueryAudit.Worker", "QueryAudit.Worker.csproj"))
            .Descendants("FrameworkReference")
            .Any(reference => (string?)reference.Attribute("Include") == "Microsoft.AspNetCore.App");
}
