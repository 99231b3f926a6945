using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Commands;

/// <summary>
/// <see cref="StandardOutputStream"/> and <see cref="StandardInputStream"/> on descriptors of their own: non-blocking
/// pipes, a pipe whose reader is gone, and a full disk. The fingerprint command's tests run them on the standard ones.
/// </summary>
[Platform("Linux")]
public sealed class StandardStreamTests
{
    private const int SetStatusFlags = 4; // F_SETFL
    private const int NonBlocking = 0x800; // O_NONBLOCK

    [Test]
    public async Task NonBlockingPipe_WaitsAndWritesEverything()
    {
        // A pipe's buffer is 64 KiB by default on Linux. Without waiting, the write failed with EAGAIN ("Resource temporarily
        // unavailable").
        using AnonymousPipeServerStream reader = new(PipeDirection.In);
        using SafePipeHandle writeEnd = reader.ClientSafePipeHandle;
        int descriptor = (int)writeEnd.DangerousGetHandle();
        Assert.That(SetFlags(descriptor, SetStatusFlags, NonBlocking), Is.Zero, $"fcntl failed with errno {Marshal.GetLastPInvokeError()}");
        byte[] data = new byte[1 << 20];
        new Random(7).NextBytes(data);

        Task write = Task.Run(() => new StandardOutputStream(descriptor).Write(data));
        await Task.Delay(200);
        using MemoryStream received = new();
        byte[] block = new byte[4096];
        while (received.Length < data.Length)
        {
            Task<int> read = reader.ReadAsync(block).AsTask();
            if (await Task.WhenAny(read, write) == write && write.IsFaulted)
            {
                await write; // throws the write's error
            }

            int length = await read.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(length, Is.Positive, "the pipe ended before all bytes came");
            received.Write(block, 0, length);
        }

        await write.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(received.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public async Task NonBlockingInput_WaitsForBytes()
    {
        // The console's stream failed at once with EAGAIN, reported as a file used by another process.
        using AnonymousPipeServerStream writer = new(PipeDirection.Out);
        using SafePipeHandle readEnd = writer.ClientSafePipeHandle;
        int descriptor = (int)readEnd.DangerousGetHandle();
        Assert.That(SetFlags(descriptor, SetStatusFlags, NonBlocking), Is.Zero, $"fcntl failed with errno {Marshal.GetLastPInvokeError()}");
        byte[] buffer = new byte[64];

        Task<int> read = Task.Run(() => new StandardInputStream(descriptor).Read(buffer));
        await Task.Delay(200);
        Assert.That(read.IsCompleted, Is.False, read.Exception?.ToString());
        await writer.WriteAsync("SELECT 1;\n"u8.ToArray());
        await writer.FlushAsync();

        Assert.That(await read.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(10));
        Assert.That(buffer[..10], Is.EqualTo("SELECT 1;\n"u8.ToArray()));
    }

    [Test]
    public async Task InputAfterWriterCloses_ReturnsZero()
    {
        AnonymousPipeServerStream writer = new(PipeDirection.Out);
        using SafePipeHandle readEnd = writer.ClientSafePipeHandle;
        await writer.WriteAsync("x"u8.ToArray());
        writer.Dispose();
        StandardInputStream input = new((int)readEnd.DangerousGetHandle());
        byte[] buffer = new byte[8];

        Assert.That(input.Read(buffer), Is.EqualTo(1));
        Assert.That(input.Read(buffer), Is.Zero);
    }

    [Test]
    public void PipeWithoutReader_ThrowsBrokenPipe()
    {
        AnonymousPipeServerStream reader = new(PipeDirection.In);
        using SafePipeHandle writeEnd = reader.ClientSafePipeHandle;
        reader.Dispose();

        IOException? error = Assert.Throws<IOException>(() => new StandardOutputStream((int)writeEnd.DangerousGetHandle()).Write("SELECT ?\n"u8));

        Assert.That(error!.HResult, Is.EqualTo(NativeMethods.BrokenPipe));
        Assert.That(new OutputWriteException(error).ReaderClosed, Is.True);
    }

    [Test]
    public void FullDisk_ThrowsNamingIt()
    {
        using SafeFileHandle full = File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write);

        IOException? error = Assert.Throws<IOException>(() => new StandardOutputStream((int)full.DangerousGetHandle()).Write("SELECT ?\n"u8));

        Assert.That(error!.Message, Is.EqualTo("No space left on device"));
        Assert.That(new OutputWriteException(error).ReaderClosed, Is.False);
    }

    [Test]
    public void File_WritesAtSharedOffset()
    {
        // Bytes go where the descriptor's offset is, and move it, as another program writing after this one expects.
        string path = Path.Combine(Path.GetTempPath(), $"standard-output-{Guid.NewGuid():N}.txt");
        try
        {
            using (FileStream file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
            {
                file.Write("first\n"u8);
                int descriptor = (int)file.SafeFileHandle.DangerousGetHandle();
                new StandardOutputStream(descriptor).Write("SELECT ?\n"u8);
                Assert.That(Seek(descriptor, 0, SeekCurrent), Is.EqualTo(15));
            }

            Assert.That(File.ReadAllText(path), Is.EqualTo("first\nSELECT ?\n"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const int SeekCurrent = 1;

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int SetFlags(int descriptor, int command, int flags);

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long Seek(int descriptor, long offset, int whence);
}
