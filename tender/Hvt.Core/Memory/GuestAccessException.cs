namespace Solo5Net.Hvt;

/// <summary>A guest pointer failed the docs/hvt-abi.md §4.2 check: "&lt;src&gt;: Invalid guest access: gpa=0x…, sz=…".</summary>
public sealed class GuestAccessException : TenderException
{
    public GuestAccessException(string message) : base(message) { }
}
