using System.Diagnostics;

namespace QueryAudit.Deploy.Tests.Container;

public class ContainerStartTests
{
    [Test]
    public void StartCheck_ReadOnlyNonRoot_Passes()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Ignore("scripts/check-container-start.sh needs Linux and root (to start the binary as the image's user); CI runs it as root.");
        }

        ProcessStartInfo start = new("bash", [RepositoryPaths.ContainerStartScript])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        Task<string> errorText = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        TestContext.Out.WriteLine(output);
        TestContext.Out.WriteLine(errorText.Result);

        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty, "The script printed nothing.");
        Assert.That(lines[^1], Is.EqualTo("container start check: passed"));
        Assert.That(process.ExitCode, Is.Zero);
    }
}
