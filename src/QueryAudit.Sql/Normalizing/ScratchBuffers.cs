namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Arrays one normalisation needs, kept per thread and reused, so that a statement costs no rentals: renting from the
/// shared pools six times per statement took a noticeable share of the time of a short statement.
/// </summary>
internal sealed class ScratchBuffers
{
    /// <summary>Arrays above this many elements are not kept, so one huge statement does not pin its memory.</summary>
    private const int MaxKeptLength = 1 << 16;

    [ThreadStatic]
    private static ScratchBuffers? cached;

    public StatementToken[] Tokens = new StatementToken[256];
    public Lexing.MySqlToken[] Comments = new Lexing.MySqlToken[16];
    public TemplateItem[] Items = new TemplateItem[256];
    public int[] OpenParentheses = new int[64];
    public char[] Exact = new char[1024];
    public char[] Template = new char[1024];
    public char[] FastTemplate = new char[1024];
    public ulong[] WordBits = new ulong[64];

    /// <summary>Takes this thread's buffers (or new ones when they are in use further up the stack).</summary>
    public static ScratchBuffers Rent()
    {
        ScratchBuffers? buffers = cached;
        cached = null;
        return buffers ?? new ScratchBuffers();
    }

    /// <summary>Gives the buffers back to this thread.</summary>
    public static void Return(ScratchBuffers buffers)
    {
        if (buffers.Tokens.Length > MaxKeptLength)
        {
            buffers.Tokens = new StatementToken[256];
        }

        if (buffers.Items.Length > MaxKeptLength)
        {
            buffers.Items = new TemplateItem[256];
        }

        if (buffers.FastTemplate.Length > MaxKeptLength)
        {
            buffers.FastTemplate = new char[1024];
        }

        if (buffers.WordBits.Length > MaxKeptLength)
        {
            buffers.WordBits = new ulong[64];
        }

        cached = buffers;
    }
}
