namespace Solo5Net;

/// <summary>Rounding to a multiple: the one definition for the host side. Compiled (linked) into each
/// project that aligns (the manifest library, the interop layer, the tender core and its modules), as
/// tender/NativeArtifacts.cs is, so the manifest tool gets it without depending on the interop layer.</summary>
internal static class Alignment
{
    /// <summary>The smallest multiple of <paramref name="alignment"/> (&gt; 0) that is ≥ <paramref name="value"/>.</summary>
    public static ulong Up(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>The largest multiple of <paramref name="alignment"/> (&gt; 0) that is ≤ <paramref name="value"/>.</summary>
    public static ulong Down(ulong value, ulong alignment) => value / alignment * alignment;

    /// <inheritdoc cref="Up(ulong, ulong)"/>
    public static int Up(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
