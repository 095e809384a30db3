using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    /// <summary>The part of ilc's MethodTable (type descriptor) layout the runtime reads: sizes for
    /// allocation, the base type for casts, the interface list for interface casts.</summary>
    [StructLayout(LayoutKind.Explicit)]
    internal unsafe struct MethodTable
    {
        private const uint HasComponentSizeFlag = 0x80000000;
        private const uint ElementTypeMask = 0x7C000000;
        private const int ElementTypeShift = 26;
        private const uint ElementTypeArray = 0x14 << ElementTypeShift; // ElementType.Array
        private const uint ElementTypeSzArray = 0x18 << ElementTypeShift; // ElementType.SzArray
        private const uint ElementTypeInterface = 0x1B << ElementTypeShift;

        [FieldOffset(0)] private ushort _componentSize;
        [FieldOffset(0)] private uint _flags;
        [FieldOffset(4)] private uint _baseSize;
        [FieldOffset(8)] private MethodTable* _relatedType;
        [FieldOffset(16)] private ushort _numVtableSlots;
        [FieldOffset(18)] private ushort _numInterfaces;

        public uint BaseSize => _baseSize;
        public uint ComponentSize => (_flags & HasComponentSizeFlag) != 0 ? _componentSize : 0u;
        public bool IsArray => (_flags & ElementTypeMask) == ElementTypeSzArray || (_flags & ElementTypeMask) == ElementTypeArray;
        public bool IsInterface => (_flags & ElementTypeMask) == ElementTypeInterface;

        /// <summary>Base type for classes, element type for arrays.</summary>
        public MethodTable* RelatedType => _relatedType;

        public int InterfaceCount => _numInterfaces;

        public MethodTable* Interface(int index)
        {
            fixed (MethodTable* self = &this)
            {
                var map = (MethodTable**)((byte*)self + 24 + _numVtableSlots * 8);
                return map[index];
            }
        }
    }
}
