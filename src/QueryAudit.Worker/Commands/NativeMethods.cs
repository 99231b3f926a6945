using System.Runtime.InteropServices;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// The few C library calls that the fingerprint command makes on Linux to read standard input, write standard output and
/// check the standard descriptors without the console's streams (<see cref="StandardOutputStream"/>). The native build binds them when it is
/// linked (DirectPInvoke in QueryAudit.Fingerprint.csproj); under the JIT, .NET loads "libc" as the C library.
/// </summary>
internal static class NativeMethods
{
    /// <summary>errno: a signal interrupted the call before it wrote anything.</summary>
    public const int Interrupted = 4;

    /// <summary>errno: the descriptor is not open.</summary>
    public const int BadDescriptor = 9;

    /// <summary>errno EAGAIN: the descriptor is non-blocking and has no room or no bytes now.</summary>
    public const int WouldBlock = 11;

    /// <summary>errno EPIPE: the pipe's reading end was closed, as when <c>head</c> has read its lines.</summary>
    public const int BrokenPipe = 32;

    /// <summary>fcntl command that returns the descriptor's flags.</summary>
    public const int GetDescriptorFlags = 1;

    /// <summary>The descriptor flag FD_CLOEXEC: the descriptor is closed when the process runs another program.</summary>
    public const int CloseOnExec = 1;

    /// <summary>poll event POLLIN: the descriptor can be read.</summary>
    public const short PollIn = 1;

    /// <summary>poll event POLLOUT: the descriptor can be written.</summary>
    public const short PollOut = 4;

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int descriptor, ref byte buffer, nuint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int descriptor, ref byte buffer, nuint count);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static extern int Fcntl(int descriptor, int command);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>
    /// Waits, without a time limit, until the non-blocking <paramref name="descriptor"/> is ready for
    /// <paramref name="events"/> (<see cref="PollIn"/> or <see cref="PollOut"/>), or has an error or a hang-up that the
    /// next read or write reports.
    /// </summary>
    public static void WaitUntilReady(int descriptor, short events)
    {
        PollDescriptor poll = new() { Descriptor = descriptor, Events = events };
        while (Poll(ref poll, 1, Timeout.Infinite) < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            }
        }
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
