using System.Reflection;
using PdfSharp.Fonts;

namespace QueryAudit.Reports.Fonts;

/// <summary>
/// Resolves every font request to BIZ UDPGothic Regular or Bold, embedded in this assembly, so reports never depend
/// on fonts installed on the machine.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "BIZ UDPGothic";
    private const string RegularFace = "BIZUDPGothic-Regular";
    private const string BoldFace = "BIZUDPGothic-Bold";

    private static readonly Lock RegisterLock = new();
    private static readonly Dictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    /// <summary>Installs this resolver as PDFsharp's process-wide font resolver, once.</summary>
    public static void Register()
    {
        lock (RegisterLock)
        {
            if (GlobalFontSettings.FontResolver is EmbeddedFontResolver)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is not null)
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {GlobalFontSettings.FontResolver.GetType().FullName}; QueryAudit.Reports needs its own {nameof(EmbeddedFontResolver)}, so do not set another one in the same process.");
            }

            GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
        }
    }

    /// <summary>Returns the bytes of a face, e.g. to record its SHA-256 in a manifest.</summary>
    public static byte[] GetFaceBytes(bool bold) => LoadFace(bold ? BoldFace : RegularFace);

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace);

    public byte[]? GetFont(string faceName) => LoadFace(faceName);

    private static byte[] LoadFace(string faceName)
    {
        lock (RegisterLock)
        {
            if (Faces.TryGetValue(faceName, out byte[]? bytes))
            {
                return bytes;
            }

            string resource = $"QueryAudit.Reports.Fonts.{faceName}.ttf";
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The embedded font {resource} is missing; check the EmbeddedResource items of QueryAudit.Reports.csproj.");
            using MemoryStream copy = new((int)stream.Length);
            stream.CopyTo(copy);
            bytes = copy.ToArray();
            Faces[faceName] = bytes;
            return bytes;
        }
    }
}
