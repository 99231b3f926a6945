using System.CommandLine;
using System.Text.Json;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit verify DIR</c>: recomputes the SHA-256 of every file a report folder's manifest lists.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        Argument<string> directory = new("directory") { Description = "Report folder holding manifest.json." };
        Option<bool> inputs = new("--inputs") { Description = "Also check the input files and the policy at the paths the manifest records (standard input cannot be checked)." };
        Command command = new("verify", "Check that the files of a report folder still have the SHA-256 recorded in its manifest.json; exit 1 on any mismatch.")
        {
            directory, inputs,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
            await VerifyAsync(parseResult.GetValue(directory)!, parseResult.GetValue(inputs), Console.Out, cancellationToken).ConfigureAwait(false));
        return command;
    }

    /// <summary>Checks the folder; returns 0 when every file matches, 1 on any mismatch or missing file.</summary>
    public static async Task<int> VerifyAsync(string directory, bool checkInputs, TextWriter output, CancellationToken cancellationToken)
    {
        string manifestPath = Path.Combine(directory, "manifest.json");
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false), ManifestJsonContext.Default.Manifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            await output.WriteLineAsync($"error: cannot read {manifestPath}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        if (manifest is null)
        {
            await output.WriteLineAsync($"error: {manifestPath} is empty").ConfigureAwait(false);
            return 1;
        }

        int problems = 0;
        foreach (ManifestFile file in manifest.Outputs)
        {
            problems += await CheckAsync(Path.Combine(directory, file.Path), file.Path, file.Sha256, output, cancellationToken).ConfigureAwait(false);
        }

        if (checkInputs)
        {
            problems += await CheckAsync(manifest.Policy.Path, manifest.Policy.Path, manifest.Policy.Sha256, output, cancellationToken).ConfigureAwait(false);
            foreach (ManifestInput input in manifest.Inputs)
            {
                if (input.Sha256.Length == 0)
                {
                    await output.WriteLineAsync($"not checkable: {input.Path} (read from a stream, not a file)").ConfigureAwait(false);
                    continue;
                }

                problems += await CheckAsync(input.Path, input.Path, input.Sha256, output, cancellationToken).ConfigureAwait(false);
            }
        }

        // The manifest cannot vouch for itself: print its hash so that it can be recorded outside the folder
        // (for example in the sign-off or the ticket) and compared on a later verify.
        (string manifestSha256, _) = await FileHashing.HashAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"manifest.json SHA-256: {manifestSha256}").ConfigureAwait(false);
        await output.WriteLineAsync(problems == 0
            ? $"verified: report {manifest.ReportId}, {manifest.Outputs.Count} output file(s){(checkInputs ? $" and {manifest.Inputs.Count} input(s)" : "")} match manifest.json"
            : $"FAILED: {problems} file(s) do not match manifest.json of report {manifest.ReportId}").ConfigureAwait(false);
        return problems == 0 ? 0 : 1;
    }

    private static async Task<int> CheckAsync(string path, string name, string expected, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"missing: {name}").ConfigureAwait(false);
            return 1;
        }

        (string actual, _) = await FileHashing.HashAsync(path, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            await output.WriteLineAsync($"changed: {name} (manifest {expected}, now {actual})").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"ok: {name}").ConfigureAwait(false);
        return 0;
    }
}
