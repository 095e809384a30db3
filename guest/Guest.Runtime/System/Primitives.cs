namespace System
{
    // The primitive types: the compiler gives them their size and operators; the core library
    // only has to declare them. Members here are what guest code commonly uses.
    public struct Void { }

    public struct Boolean
    {
        private bool m_value;
        public override string ToString() => m_value ? "True" : "False";
    }

    public struct Char
    {
        private char m_value;
        public const char MinValue = (char)0, MaxValue = (char)0xFFFF;
        public static bool IsDigit(char c) => c >= '0' && c <= '9';
        public static bool IsAsciiLetterOrDigit(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'z' - 'a';
        public static bool IsWhiteSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');
    }

    public struct SByte { private sbyte m_value; public const sbyte MinValue = -128, MaxValue = 127; }
    public partial struct Byte { private byte m_value; public const byte MinValue = 0, MaxValue = 255; }
    public struct Int16 { private short m_value; public const short MinValue = -32768, MaxValue = 32767; }
    public partial struct UInt16 { private ushort m_value; public const ushort MinValue = 0, MaxValue = 65535; }

    public partial struct Int32
    {
        private int m_value;
        public const int MinValue = unchecked((int)0x80000000), MaxValue = 0x7FFFFFFF;
        public override string ToString() => Solo5Net.Runtime.Text.Number.Format(m_value);
    }

    public partial struct UInt32
    {
        private uint m_value;
        public const uint MinValue = 0, MaxValue = 0xFFFFFFFF;
        public override string ToString() => Solo5Net.Runtime.Text.Number.Format(m_value);
    }

    public partial struct Int64
    {
        private long m_value;
        public const long MinValue = unchecked((long)0x8000000000000000), MaxValue = 0x7FFFFFFFFFFFFFFF;
        public override string ToString() => Solo5Net.Runtime.Text.Number.Format(m_value);
    }

    public partial struct UInt64
    {
        private ulong m_value;
        public const ulong MinValue = 0, MaxValue = 0xFFFFFFFFFFFFFFFF;
        public override string ToString() => Solo5Net.Runtime.Text.Number.Format(m_value);
    }

    public unsafe struct IntPtr
    {
        private void* _value;
        public static readonly IntPtr Zero;
        public IntPtr(void* value) { _value = value; }
        public IntPtr(long value) { _value = (void*)value; }
        public static int Size => 8;
        public void* ToPointer() => _value;
        public long ToInt64() => (long)_value;
        public static explicit operator IntPtr(long value) => new IntPtr(value);
        public static explicit operator IntPtr(void* value) => new IntPtr(value);
        public static explicit operator void*(IntPtr value) => value._value;
        public static explicit operator long(IntPtr value) => (long)value._value;
    }

    public unsafe struct UIntPtr
    {
        private void* _value;
        public static readonly UIntPtr Zero;
        public UIntPtr(void* value) { _value = value; }
        public UIntPtr(ulong value) { _value = (void*)value; }
        public static int Size => 8;
        public void* ToPointer() => _value;
        public ulong ToUInt64() => (ulong)_value;
        public static explicit operator UIntPtr(ulong value) => new UIntPtr(value);
        public static explicit operator UIntPtr(void* value) => new UIntPtr(value);
        public static explicit operator void*(UIntPtr value) => value._value;
        public static explicit operator ulong(UIntPtr value) => (ulong)value._value;
    }

    // Declared because the compiler needs the types; guest code must not use floating point
    // (this machine's KVM cannot execute SSE arithmetic; the build rejects xmm instructions).
    public struct Single { private float m_value; }
    public struct Double { private double m_value; }

    public abstract class ValueType { }

    public abstract class Enum : ValueType { }

    public struct Nullable<T> where T : struct
    {
        private readonly bool hasValue;
        internal T value;

        public Nullable(T value) { this.value = value; hasValue = true; }
        public readonly bool HasValue => hasValue;
        public readonly T Value
        {
            get
            {
                if (!hasValue) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidOperationException();
                return value;
            }
        }
        public readonly T GetValueOrDefault() => value;
        public readonly T GetValueOrDefault(T defaultValue) => hasValue ? value : defaultValue;
        public static implicit operator T?(T value) => new T?(value);
        public static explicit operator T(T? value) => value.Value;
    }
}
