using YamlDotNet.Core;

namespace QueryAudit.Core.Yaml;

/// <summary>Passes YAML events through and remembers the line of the last one, to place errors YamlDotNet reports without a position.</summary>
internal sealed class LineTrackingParser(IParser inner) : IParser
{
    public long LastEventLine { get; private set; } = 1;

    public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        bool moved = inner.MoveNext();
        if (inner.Current is { } current)
        {
            LastEventLine = current.Start.Line;
        }

        return moved;
    }
}
