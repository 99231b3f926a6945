using System.Text;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Commands;

public sealed class Utf8StreamBufferWriterTests
{
    [Test]
    public void GrownBuffer_EncodesWhenFull()
    {
        // A request above the block size grows the buffer, and the pool may round it up: here 70,000 characters become
        // 131,072, each of which takes three bytes.
        using MemoryStream stream = new();
        using Utf8StreamBufferWriter writer = new(stream);
        string text = new('値', 70_000);

        text.AsSpan().CopyTo(writer.GetSpan(text.Length));
        writer.Advance(text.Length);
        for (int i = 0; i < 70_000; i++)
        {
            writer.GetSpan(1)[0] = '値';
            writer.Advance(1);
        }

        writer.Flush();

        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo(new string('値', 140_000)));
    }
}
