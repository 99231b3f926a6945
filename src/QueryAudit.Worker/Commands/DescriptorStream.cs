namespace QueryAudit.Worker.Commands;

/// <summary>
/// The part that <see cref="StandardInputStream"/> and <see cref="StandardOutputStream"/> share: a stream over a file
/// descriptor that this process does not own, read or written in order, never sought and never closed here.
/// </summary>
internal abstract class DescriptorStream(int descriptor) : Stream
{
    /// <summary>The file descriptor: 0 for standard input, 1 for standard output.</summary>
    protected int Descriptor { get; } = descriptor;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
        // Nothing is buffered.
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
