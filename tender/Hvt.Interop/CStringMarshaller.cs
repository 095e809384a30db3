using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Solo5Net.Interop;

/// <summary>Strings passed to the C library: NUL-terminated UTF-8 in native memory, converted by
/// <see cref="Utf8Text"/>, the interop layer's one UTF-8 conversion.</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(CStringMarshaller))]
internal static unsafe class CStringMarshaller
{
    public static byte* ConvertToUnmanaged(string? managed)
    {
        if (managed is null) return null;
        int length = Utf8Text.ByteCount(managed);
        byte* native = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Utf8Text.Write(managed, new Span<byte>(native, length));
        native[length] = 0;
        return native;
    }

    public static void Free(byte* native) => NativeMemory.Free(native);
}
