using System.Runtime.CompilerServices;
using Internal.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace System.Runtime
{
    /// <summary>Boxing helpers ilc calls by name. Boxed values live on the guest heap (never freed);
    /// boxing Nullable&lt;T&gt; is not supported.</summary>
    internal static unsafe class RuntimeExports
    {
        public static object RhBox(MethodTable* type, ref byte data)
        {
            object result = Solo5Net.Runtime.Heap.AllocateObject(type);
            fixed (byte* source = &data)
                Buffer.Memmove((byte*)Unsafe.AsPointer(ref result.GetRawData()), source, type->BaseSize - 16);
            return result;
        }

        public static object RhBoxAny(ref byte data, MethodTable* type) => RhBox(type, ref data);

        public static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj == null || obj.m_pEEType != type) ThrowHelpers.ThrowInvalidCastException();
            return ref obj.GetRawData();
        }

        public static void RhUnboxNullable(ref byte data, MethodTable* type, object obj) =>
            Solo5Net.Runtime.FailFast.Fail("unboxing to Nullable<T> is not supported");

        public static void RhUnboxAny(object obj, ref byte data, MethodTable* type)
        {
            ref byte source = ref RhUnbox2(type, obj);
            fixed (byte* s = &source) fixed (byte* d = &data) Buffer.Memmove(d, s, type->BaseSize - 16);
        }
    }
}
