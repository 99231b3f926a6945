using System.Runtime.InteropServices;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// A descriptor, standard output by default, written with write(2) and nothing else (Linux). Before its first write, the
/// console's stream sets up the terminal: it duplicates the descriptor, starts a thread for signals and installs signal
/// handlers. Output to a file or a pipe needs none of it (docs/benchmarks.md measures the time it takes).
/// </summary>
/// <remarks>
/// As the console's stream does, the stream retries a write that a signal interrupted, waits for a non-blocking
/// descriptor to take more, and writes each byte once in order at the descriptor's offset, which a shell shares between
/// commands (<c>(echo a; queryaudit-fingerprint f; echo b) &gt; out</c>). Unlike it, a broken pipe is an
/// <see cref="IOException"/> with <see cref="NativeMethods.BrokenPipe"/> as its HResult, so that the command can stop
/// reading input whose output has no reader. The console's stream drops the bytes and lets the command run on.
/// </remarks>
internal sealed class StandardOutputStream(int descriptor = 1) : DescriptorStream(descriptor)
{
    public override bool CanRead => false;

    public override bool CanWrite => true;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written = NativeMethods.Write(Descriptor, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            int error = Marshal.GetLastPInvokeError();
            if (error == NativeMethods.WouldBlock)
            {
                NativeMethods.WaitUntilReady(Descriptor, NativeMethods.PollOut);
            }
            else if (error != NativeMethods.Interrupted)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            }
        }
    }
}
