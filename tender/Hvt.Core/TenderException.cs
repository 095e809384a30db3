namespace Solo5Net.Hvt;

/// <summary>
/// A fatal condition the tender reports as "hvt-tender: &lt;message&gt;" and exit status 1: bad
/// input, an invalid guest action, a KVM failure. Modules throw it for their own fatal errors.
/// </summary>
public class TenderException : Exception
{
    public TenderException(string message) : base(message) { }
}
