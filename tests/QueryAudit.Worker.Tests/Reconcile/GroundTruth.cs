using System.Globalization;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// The ground truth of the real capture: expected exceptions (expected-exceptions.tsv) and approved runs (approved-runs.tsv).
/// </summary>
internal sealed record GroundTruth(IReadOnlyList<ExpectedException> Exceptions, IReadOnlyList<ApprovedRun> ApprovedRuns)
{
    public static GroundTruth Load(string folder) => new(
        ReadTsv(Path.Combine(folder, "expected-exceptions.tsv"))
            .Select(row => new ExpectedException(
                row["id"],
                row["account"],
                row["expectation"],
                int.Parse(row["found_lines"], CultureInfo.InvariantCulture),
                Ids(row["connection_ids"])))
            .ToList(),
        ReadTsv(Path.Combine(folder, "approved-runs.tsv"))
            .Select(row => new ApprovedRun(row["script"], row["account"], Ids(row["connection_ids"]), int.Parse(row["query_lines"], CultureInfo.InvariantCulture)))
            .ToList());

    private static long[] Ids(string text) =>
        text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToArray();

    private static List<Dictionary<string, string>> ReadTsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split('\t');
        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => header.Select((name, i) => (name, value: i < cells.Length ? cells[i] : "")).ToDictionary(p => p.name, p => p.value))
            .ToList();
    }
}

/// <param name="Id">Ground-truth id (X01 ...).</param>
/// <param name="Account">Account that did it.</param>
/// <param name="Expectation"><c>failed_connect</c>, <c>q:TEXT</c> or <c>absent:TEXT</c>.</param>
/// <param name="FoundLines">Audit lines that record it; 0 when the action is absent from the log by design.</param>
/// <param name="Connections">Connection ids of those lines.</param>
internal sealed record ExpectedException(string Id, string Account, string Expectation, int FoundLines, IReadOnlyList<long> Connections)
{
    public bool IsFailedLogin => Expectation == "failed_connect";
}

/// <param name="Script">Script name without folder and extension.</param>
/// <param name="Account">Account that ran it.</param>
/// <param name="Connections">Connection ids of the run.</param>
/// <param name="QueryLines">QUERY records in those connections, transaction control included.</param>
internal sealed record ApprovedRun(string Script, string Account, IReadOnlyList<long> Connections, int QueryLines);
