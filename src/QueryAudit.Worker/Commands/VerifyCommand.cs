using System.CommandLine;
using System.Text.Json;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit verify DIR</c>: recomputes the SHA-256 of every file a report folder's manifest lists, checks that the
/// manifest lists every file a report folder has, and checks the manifest's period and counts against report.json.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>
    /// Files that every report folder, amendments included, contains and lists in its manifest. An amendment folder also
    /// contains amendment.json, which is written after the manifest and so is not listed in it.
    /// </summary>
    public static IReadOnlyList<string> RequiredOutputs { get; } =
        ["approved-executions.csv", "findings.csv", "quarantine.csv", "report.json", "report.pdf"];

    public static Command Create()
    {
        Argument<string> directory = new("directory") { Description = "Report folder holding manifest.json." };
        Option<bool> inputs = new("--inputs") { Description = "Also check the input files and the policy at the paths the manifest records (standard input cannot be checked)." };
        Command command = new("verify", "Check that the files of a report folder still have the SHA-256 recorded in its manifest.json and agree with its report.json; exit 1 on any mismatch.")
        {
            directory, inputs,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
            await VerifyAsync(parseResult.GetValue(directory)!, parseResult.GetValue(inputs), Console.Out, Console.Error, cancellationToken).ConfigureAwait(false));
        return command;
    }

    /// <summary>
    /// Checks the folder; returns 0 when every file matches, 1 on any mismatch, missing file or unreadable manifest.
    /// Results go to <paramref name="output"/>; a manifest that cannot be read is reported on <paramref name="errors"/>.
    /// </summary>
    public static async Task<int> VerifyAsync(string directory, bool checkInputs, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        string manifestPath = Path.Combine(directory, "manifest.json");
        Manifest? manifest = await ReadManifestAsync(manifestPath, errors, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return 1;
        }

        int problems = 0;
        HashSet<string> listed = new(manifest.Outputs.Select(file => file.Path), StringComparer.Ordinal);
        foreach (string twice in manifest.Outputs.GroupBy(file => file.Path, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key))
        {
            await output.WriteLineAsync($"invalid: output '{twice}' is listed more than once in manifest.json").ConfigureAwait(false);
            problems++;
        }

        foreach (string required in RequiredOutputs.Where(name => !listed.Contains(name)))
        {
            await output.WriteLineAsync($"not in manifest: {required} (every report folder has it, so the manifest was edited or the folder is incomplete)").ConfigureAwait(false);
            problems++;
        }

        foreach (ManifestFile file in manifest.Outputs)
        {
            if (!string.Equals(Path.GetFileName(file.Path), file.Path, StringComparison.Ordinal))
            {
                // Outputs are written into the report folder itself; a path elsewhere would let the manifest vouch for another file.
                await output.WriteLineAsync($"invalid: output '{file.Path}' in manifest.json is not a file name in the report folder").ConfigureAwait(false);
                problems++;
                continue;
            }

            problems += await CheckAsync(Path.Combine(directory, file.Path), file.Path, file.Sha256, output, cancellationToken).ConfigureAwait(false);
        }

        problems += await ManifestReportCheck.CompareAsync(manifest, Path.Combine(directory, "report.json"), output, cancellationToken).ConfigureAwait(false);

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

        // The manifest cannot vouch for itself: its hash is printed so that it can be compared with a copy recorded
        // outside the folder (README.md lists where QueryAudit records one).
        (string manifestSha256, _) = await FileHashing.HashAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"manifest.json SHA-256: {manifestSha256}").ConfigureAwait(false);
        if (manifest.Outputs.FirstOrDefault(file => file.Path == "report.pdf") is { } pdf)
        {
            await output.WriteLineAsync($"report.pdf SHA-256 in manifest.json: {pdf.Sha256}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(problems == 0
            ? $"verified: report {manifest.ReportId}, {manifest.Outputs.Count} output file(s){(checkInputs ? $" and {manifest.Inputs.Count} input(s)" : "")} match manifest.json, and manifest.json agrees with report.json"
            : $"FAILED: {problems} problem(s) with manifest.json of report {manifest.ReportId}").ConfigureAwait(false);
        return problems == 0 ? 0 : 1;
    }

    /// <summary>Reads manifest.json; returns null after writing why to <paramref name="errors"/> when it is missing or invalid.</summary>
    private static async Task<Manifest?> ReadManifestAsync(string manifestPath, TextWriter errors, CancellationToken cancellationToken)
    {
        const string Restore = "Restore the report folder from its issued copy (the --upload-to bucket or your archive) and run verify again.";
        if (!File.Exists(manifestPath))
        {
            await errors.WriteLineAsync($"error: {manifestPath} not found. Give verify the report folder that reconcile wrote; it holds manifest.json.").ConfigureAwait(false);
            return null;
        }

        try
        {
            Manifest? manifest = JsonSerializer.Deserialize(await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false), ManifestJsonContext.Default.Manifest);
            if (manifest is null)
            {
                await errors.WriteLineAsync($"error: {manifestPath} holds JSON null, not a manifest. {Restore}").ConfigureAwait(false);
                return null;
            }

            if (MissingField(manifest) is { } missing)
            {
                await errors.WriteLineAsync($"error: {manifestPath} is not a valid manifest: '{missing}' is missing or null. {Restore}").ConfigureAwait(false);
                return null;
            }

            return manifest;
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            await errors.WriteLineAsync($"error: {manifestPath} is not a valid manifest{where}: it is not well-formed JSON, or a field is missing or has the wrong type. The file was changed or damaged. {Restore}").ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"error: cannot read {manifestPath}: {e.Message} Check that the file is readable by this user.").ConfigureAwait(false);
            return null;
        }
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

    /// <summary>Returns the first field that a manifest needs but the JSON left out or set to null, or null.</summary>
    /// <remarks>The record's fields are non-nullable, but JSON can still hold null, which would otherwise fail later with an exception.</remarks>
    private static string? MissingField(Manifest manifest)
    {
        if (manifest.Outputs is null)
        {
            return "outputs";
        }

        if (manifest.Outputs.Any(file => file is null || file.Path is null || file.Sha256 is null))
        {
            return "outputs[].path or sha256";
        }

        if (manifest.Inputs is null || manifest.Inputs.Any(input => input is null || input.Path is null || input.Sha256 is null))
        {
            return "inputs";
        }

        if (manifest.Policy is null || manifest.Policy.Path is null || manifest.Policy.Sha256 is null)
        {
            return "policy";
        }

        if (manifest.Period is null)
        {
            return "period";
        }

        if (manifest.Catalog is null)
        {
            return "catalog";
        }

        return manifest.Counts is null ? "counts" : null;
    }
}
