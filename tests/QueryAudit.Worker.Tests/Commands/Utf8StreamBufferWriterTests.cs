using System.Buffers;
using System.Text;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Commands;

public sealed class Utf8StreamBufferWriterTests
{
    [Test]
    public void GrownBuffer_EncodesWhenFull()
    {
        // A request above the block size grows the buffer, here to 70,000 characters, each of which takes three bytes.
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

    [Test]
    public void CharactersThenBytes_KeepOrder()
    {
        using MemoryStream stream = new();
        using Utf8StreamBufferWriter writer = new(stream);
        IBufferWriter<char> characters = writer;
        IBufferWriter<byte> bytes = writer;

        "名前 "u8.ToArray().CopyTo(bytes.GetSpan(7));
        bytes.Advance(7);
        "é\uD83D".AsSpan().CopyTo(characters.GetSpan(2));
        characters.Advance(2);
        "x\n"u8.CopyTo(bytes.GetSpan(2));
        bytes.Advance(2);
        "😀".AsSpan().CopyTo(characters.GetSpan(2));
        characters.Advance(2);
        writer.Flush();

        // The high surrogate before the bytes has no low surrogate, so it is written as U+FFFD.
        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo("名前 é\uFFFDx\n😀"));
    }
}

