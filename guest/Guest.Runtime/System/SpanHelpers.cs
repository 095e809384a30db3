namespace System
{
    /// <summary>Block copy/fill/clear helpers ilc calls for struct copies and initialisation.</summary>
    internal static unsafe class SpanHelpers
    {
        public static void Memmove(ref byte destination, ref byte source, nuint length) =>
            Buffer.Memmove(ref destination, ref source, length);

        public static void Fill(ref byte destination, nuint length, byte value) =>
            Buffer.Fill(ref destination, value, length);

        public static void ClearWithoutReferences(ref byte destination, nuint length) =>
            Buffer.ZeroMemory(ref destination, length);

        public static void ClearWithReferences(ref IntPtr destination, nuint pointerCount)
        {
            fixed (IntPtr* d = &destination) Buffer.ZeroMemory((byte*)d, pointerCount * 8);
        }
    }
}
