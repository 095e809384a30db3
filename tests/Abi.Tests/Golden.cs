using System.Runtime.InteropServices;

namespace Solo5Net.Tests.Abi;

/// <summary>A struct as the bytes the other side of the ABI sees, and back.</summary>
internal static class Golden
{
    public static byte[] BytesOf<T>(T value) where T : unmanaged
    {
        var bytes = new byte[Marshal.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }

    public static T Read<T>(byte[] bytes) where T : unmanaged => MemoryMarshal.Read<T>(bytes);

    /// <summary>Bytes written out by hand as hex, spaces and '|' (field separators) ignored.</summary>
    public static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "").Replace("|", ""));
}
