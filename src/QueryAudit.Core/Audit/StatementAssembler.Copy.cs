namespace QueryAudit.Core.Audit;

/// <summary>
/// Deep copy of an assembler, so that a caller can end the copy with <see cref="Complete"/> and see what the input so
/// far assembles to while the original reads on.
/// </summary>
public sealed partial class StatementAssembler
{
    /// <summary>Returns an independent copy of the held statements, groups, clocks and counts.</summary>
    public StatementAssembler Copy()
    {
        // Items sit in _closing only while one call runs, so between calls it is empty.
        StatementAssembler copy = new(_options) { Counts = Counts.Copy() };
        copy._sequence = _sequence;
        foreach ((string name, InstanceState instance) in _instances)
        {
            InstanceState instanceCopy = new() { Clock = instance.Clock, LastSweep = instance.LastSweep };
            foreach ((long connectionId, ConnectionState connection) in instance.Connections)
            {
                ConnectionState connectionCopy = new() { Open = connection.Open?.Copy() };
                connectionCopy.Groups.AddRange(connection.Groups.Select(g => g.Copy()));
                instanceCopy.Connections.Add(connectionId, connectionCopy);
            }

            copy._instances.Add(name, instanceCopy);
        }

        return copy;
    }

    private sealed partial class HeldItem
    {
        /// <summary>Returns a copy with its own row list; the audit events are immutable and shared.</summary>
        public HeldItem Copy()
        {
            HeldItem copy = new(First, Sequence) { Last = Last };
            copy.Rows.AddRange(Rows);
            return copy;
        }
    }
}
