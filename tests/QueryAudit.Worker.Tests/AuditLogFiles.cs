using System.IO.Compression;
using System.Text;

namespace QueryAudit.Worker.Tests;

/// <summary>Reads the lines of a fixture log and writes test logs from lines, plain or gzip.</summary>
internal static class AuditLogFiles
{
    /// <summary>Returns the lines of the gzip log at <paramref name="path"/>.</summary>
    public static string[] ReadGzipLines(string path)
    {
        using FileStream file = File.OpenRead(path);
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        using StreamReader reader = new(gzip, Encoding.UTF8);
        List<string> lines = [];
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    /// <summary>Writes <paramref name="lines"/>, each ending in a line feed, to <paramref name="folder"/>/<paramref name="name"/>; returns the path.</summary>
    public static string Write(string folder, string name, bool gzip, string[] lines)
    {
        string path = Path.Combine(folder, name);
        byte[] content = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        using FileStream file = File.Create(path);
        if (gzip)
        {
            using GZipStream compressed = new(file, CompressionLevel.Fastest);
            compressed.Write(content);
        }
        else
        {
            file.Write(content);
        }

        return path;
    }
}
