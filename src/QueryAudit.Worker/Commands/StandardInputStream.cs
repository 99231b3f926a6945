using System.Runtime.InteropServices;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// A descriptor, standard input by default, read with read(2) (Linux). The console's stream failed on a non-blocking
/// descriptor, such as a pipe that a parent process set to O_NONBLOCK, with a misleading error ("The process cannot
/// access the file because it is being used by another process"). This stream waits in poll(2) until bytes come.
/// </summary>
internal sealed class StandardInputStream(int descriptor = 0) : DescriptorStream(descriptor)
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads up to <paramref name="buffer"/>'s length; returns 0 at the end of the input.</summary>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            nint read = NativeMethods.Read(Descriptor, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (read >= 0)
            {
                return (int)read;
            }

            int error = Marshal.GetLastPInvokeError();
            if (error == NativeMethods.WouldBlock)
            {
                NativeMethods.WaitUntilReady(Descriptor, NativeMethods.PollIn);
            }
            else if (error != NativeMethods.Interrupted)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
