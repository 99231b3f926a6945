namespace QueryAudit.Storage;

/// <summary>
/// A state store location whose text cannot name a store (no sqlite: or mysql: prefix, no path, an invalid or
/// incomplete connection string). The message gives the form to write and never contains the value.
/// </summary>
public sealed class StoreLocationException : Exception
{
    public StoreLocationException()
    {
    }

    public StoreLocationException(string message)
        : base(message)
    {
    }

    public StoreLocationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
