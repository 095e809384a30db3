namespace Solo5Net.Hvt;

/// <summary>
/// A module rejected one of its own options (bad syntax, unknown device name, …). The tender prints
/// the message, then "Invalid option: `&lt;arg&gt;'", and exits 1.
/// </summary>
public sealed class InvalidOptionException : TenderException
{
    public InvalidOptionException(string message) : base(message) { }
}
