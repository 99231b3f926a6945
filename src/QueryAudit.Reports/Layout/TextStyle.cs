namespace QueryAudit.Reports.Layout;

/// <summary>
/// Font size in points, weight and colour of a run of text.
/// </summary>
internal readonly record struct TextStyle(double Size, bool Bold = false, RgbColor Color = default)
{
    /// <summary>Distance between baselines: 1.35 em suits both Latin and kanji at report sizes.</summary>
    public double LineHeight => Size * 1.35;

    public TextStyle WithBold(bool bold = true) => this with { Bold = bold };

    public TextStyle WithColor(RgbColor color) => this with { Color = color };
}

/// <summary>
/// An opaque sRGB colour; <c>default</c> is black.
/// </summary>
internal readonly record struct RgbColor(byte R, byte G, byte B)
{
    public static RgbColor Black => default;

    public static RgbColor FromHex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    /// <summary>Mixes this colour with <paramref name="other"/>; <paramref name="t"/> = 0 gives this colour, 1 gives the other.</summary>
    public RgbColor Blend(RgbColor other, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new RgbColor(Mix(R, other.R, t), Mix(G, other.G, t), Mix(B, other.B, t));
    }

    private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + ((b - a) * t), MidpointRounding.AwayFromZero);
}
