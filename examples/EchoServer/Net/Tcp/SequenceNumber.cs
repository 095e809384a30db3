namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>Comparisons in the 32-bit wrapping sequence space (RFC 793 §3.3).</summary>
public static class SequenceNumber
{
    public static bool Less(uint a, uint b) => (int)(a - b) < 0;

    public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

    public static bool Greater(uint a, uint b) => (int)(a - b) > 0;

    public static bool GreaterOrEqual(uint a, uint b) => (int)(a - b) >= 0;
}
