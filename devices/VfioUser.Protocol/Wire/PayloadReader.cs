namespace Solo5Net.VfioUser;

/// <summary>Length checks shared by the payload decoders.</summary>
internal static class PayloadReader
{
    public static void RequireLength(ReadOnlySpan<byte> payload, int needed, string what)
    {
        if (payload.Length < needed)
            throw new VfioUserProtocolException($"{what} payload needs {needed} bytes, got {payload.Length}");
    }
}
