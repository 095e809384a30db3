namespace System.Runtime.InteropServices
{
    public enum LayoutKind { Sequential = 0, Explicit = 2, Auto = 3 }
    public enum CharSet { None = 1, Ansi = 2, Unicode = 3, Auto = 4 }
    public enum UnmanagedType { Bool = 2, I1 = 3, U1 = 4, I2 = 5, U2 = 6, I4 = 7, U4 = 8, I8 = 9, U8 = 10, LPStr = 20, LPWStr = 21 }
    public enum CallingConvention { Winapi = 1, Cdecl = 2, StdCall = 3, ThisCall = 4, FastCall = 5 }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
    public sealed class StructLayoutAttribute : Attribute
    {
        public StructLayoutAttribute(LayoutKind layoutKind) { Value = layoutKind; }
        public LayoutKind Value { get; }
        public int Pack;
        public int Size;
        public CharSet CharSet;
    }

    [AttributeUsage(AttributeTargets.Field)]
    public sealed class FieldOffsetAttribute : Attribute
    {
        public FieldOffsetAttribute(int offset) { Value = offset; }
        public int Value { get; }
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class UnmanagedCallersOnlyAttribute : Attribute
    {
        public Type[] CallConvs;
        public string EntryPoint;
    }

    [AttributeUsage(AttributeTargets.Parameter)] public sealed class InAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class OutAttribute : Attribute { }

    /// <summary>Present because ilc requires it; dynamic interface casting is not supported.</summary>
    public unsafe interface IDynamicInterfaceCastable
    {
        private static IntPtr GetDynamicInterfaceImplementation(object instance, Internal.Runtime.MethodTable* interfaceType, ushort slot)
        {
            Solo5Net.Runtime.FailFast.Fail("IDynamicInterfaceCastable is not supported");
            return default;
        }
    }

    /// <summary>Raw views of spans and references.</summary>
    public static unsafe class MemoryMarshal
    {
        public static ref T GetReference<T>(Span<T> span) => ref span._reference;
        public static ref T GetReference<T>(ReadOnlySpan<T> span) => ref span._reference;

        public static Span<byte> AsBytes<T>(Span<T> span) where T : unmanaged =>
            new Span<byte>(ref Runtime.CompilerServices.Unsafe.As<T, byte>(ref span._reference), span.Length * sizeof(T));

        public static ReadOnlySpan<byte> AsBytes<T>(ReadOnlySpan<T> span) where T : unmanaged =>
            new ReadOnlySpan<byte>(ref Runtime.CompilerServices.Unsafe.As<T, byte>(ref span._reference), span.Length * sizeof(T));

        public static Span<T> CreateSpan<T>(ref T reference, int length) => new Span<T>(ref reference, length);
        public static ReadOnlySpan<T> CreateReadOnlySpan<T>(ref readonly T reference, int length) =>
            new ReadOnlySpan<T>(ref Runtime.CompilerServices.Unsafe.AsRef(in reference), length);

        public static T Read<T>(ReadOnlySpan<byte> source) where T : unmanaged
        {
            if (sizeof(T) > source.Length) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            return Runtime.CompilerServices.Unsafe.ReadUnaligned<T>(ref source._reference);
        }

        public static void Write<T>(Span<byte> destination, in T value) where T : unmanaged
        {
            if (sizeof(T) > destination.Length) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            Runtime.CompilerServices.Unsafe.WriteUnaligned(ref destination._reference, value);
        }
    }
}

namespace System.Runtime
{
    /// <summary>Exports a managed method under a symbol name (used for the helpers ilc-generated code calls).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry) { EntryPoint = entry; }
        public string EntryPoint;
    }

    /// <summary>A direct call to a native symbol (assembly stubs of the Guest.Sdk start file).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string entry) { EntryPoint = entry; }
        public RuntimeImportAttribute(string dllName, string entry) { EntryPoint = entry; DllName = dllName; }
        public string DllName;
        public string EntryPoint;
    }
}
