namespace System
{
    // IComparable<T> on the integer primitives, for generic code such as Max<T>(a, b).
    public partial struct Int32 : IComparable<int>, IEquatable<int>
    {
        public int CompareTo(int other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public bool Equals(int other) => m_value == other;
    }

    public partial struct UInt32 : IComparable<uint>, IEquatable<uint>
    {
        public int CompareTo(uint other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public bool Equals(uint other) => m_value == other;
    }

    public partial struct Int64 : IComparable<long>, IEquatable<long>
    {
        public int CompareTo(long other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public bool Equals(long other) => m_value == other;
    }

    public partial struct UInt64 : IComparable<ulong>, IEquatable<ulong>
    {
        public int CompareTo(ulong other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public bool Equals(ulong other) => m_value == other;
    }

    public partial struct Byte : IComparable<byte>, IEquatable<byte>
    {
        public int CompareTo(byte other) => m_value - other;
        public bool Equals(byte other) => m_value == other;
    }

    public partial struct UInt16 : IComparable<ushort>, IEquatable<ushort>
    {
        public int CompareTo(ushort other) => m_value - other;
        public bool Equals(ushort other) => m_value == other;
    }
}
