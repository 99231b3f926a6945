namespace QueryAudit.Deploy.Tests.Container;

/// <summary>
/// A Dockerfile split into build stages and instructions. Continuation lines (ending in a backslash)
/// are joined and comment and empty lines dropped, as the Docker builder does. Heredocs are not supported.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages)
    {
        Stages = stages;
    }

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The last stage: the one <c>docker build</c> turns into the image when no target is given.</summary>
    public DockerStage Final => Stages[^1];

    public IEnumerable<DockerInstruction> Instructions => Stages.SelectMany(stage => stage.Instructions);

    public DockerStage Stage(string name) =>
        Stages.SingleOrDefault(stage => stage.Name == name)
        ?? throw new AssertionException($"The Dockerfile has no stage named '{name}'.");

    public static Dockerfile Load(string path) => Parse(File.ReadAllLines(path));

    public static Dockerfile Parse(IReadOnlyList<string> lines)
    {
        List<DockerStage> stages = [];
        string pending = string.Empty;
        int pendingLine = 0;

        for (int index = 0; index < lines.Count; index++)
        {
            string line = lines[index].Trim();
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (pending.Length == 0)
            {
                pendingLine = index + 1;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            Add(stages, DockerInstruction.Parse((pending + line).Trim(), pendingLine));
            pending = string.Empty;
        }

        return new Dockerfile(stages);
    }

    private static void Add(List<DockerStage> stages, DockerInstruction instruction)
    {
        if (instruction.Keyword == "FROM")
        {
            // FROM [--platform=...] image [AS name]
            string[] words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(word => !word.StartsWith("--", StringComparison.Ordinal))
                .ToArray();
            string? name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
            stages.Add(new DockerStage(words[0], name, instruction.Line, []));
            return;
        }

        if (stages.Count == 0)
        {
            // ARG before the first FROM is the only instruction allowed there.
            return;
        }

        stages[^1].Instructions.Add(instruction);
    }
}

/// <summary>One build stage: its base image, its optional name, and its instructions after FROM.</summary>
internal sealed record DockerStage(string BaseImage, string? Name, int Line, List<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(instruction => instruction.Keyword == keyword);
}

/// <summary>One instruction with its continuation lines joined; <see cref="Line"/> is where it starts.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public static DockerInstruction Parse(string text, int line)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new DockerInstruction(text.ToUpperInvariant(), string.Empty, line)
            : new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), line);
    }
}
