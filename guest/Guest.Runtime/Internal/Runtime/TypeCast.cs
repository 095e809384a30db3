using System.Runtime.CompilerServices;
using Internal.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace System.Runtime
{
    /// <summary>Cast helpers ilc calls for `is`, `as`, casts and array stores. Supported: class
    /// hierarchies, interfaces a class declares (directly or through its bases), exact array element
    /// types. Variance and array covariance are not supported (a mismatching cast aborts).</summary>
    internal static unsafe class TypeCast
    {
        private static object IsInstanceOfClass(MethodTable* type, object obj)
        {
            if (obj == null) return null;
            for (MethodTable* mt = obj.m_pEEType; mt != null; mt = mt->IsArray ? null : mt->RelatedType)
                if (mt == type) return obj;
            return null;
        }

        private static object CheckCastClass(MethodTable* type, object obj)
        {
            if (obj == null || IsInstanceOfClass(type, obj) != null) return obj;
            ThrowHelpers.ThrowInvalidCastException();
            return null;
        }

        private static object CheckCastClassSpecial(MethodTable* type, object obj) => CheckCastClass(type, obj);

        private static object IsInstanceOfInterface(MethodTable* type, object obj)
        {
            if (obj == null) return null;
            for (MethodTable* mt = obj.m_pEEType; mt != null; mt = mt->IsArray ? null : mt->RelatedType)
                for (int i = 0; i < mt->InterfaceCount; i++)
                    if (mt->Interface(i) == type) return obj;
            return null;
        }

        private static object CheckCastInterface(MethodTable* type, object obj)
        {
            if (obj == null || IsInstanceOfInterface(type, obj) != null) return obj;
            ThrowHelpers.ThrowInvalidCastException();
            return null;
        }

        private static object IsInstanceOfAny(MethodTable* type, object obj)
        {
            if (obj == null) return null;
            if (obj.m_pEEType == type) return obj;
            return type->IsInterface ? IsInstanceOfInterface(type, obj) : IsInstanceOfClass(type, obj);
        }

        private static object CheckCastAny(MethodTable* type, object obj)
        {
            if (obj == null || IsInstanceOfAny(type, obj) != null) return obj;
            ThrowHelpers.ThrowInvalidCastException();
            return null;
        }

        private static bool IsInstanceOfException(MethodTable* type, object obj) => IsInstanceOfClass(type, obj) != null;

        private static void StelemRef(object[] array, nint index, object obj)
        {
            if ((nuint)index >= (nuint)array.Length) ThrowHelpers.ThrowIndexOutOfRangeException();
            ref object element = ref Unsafe.Add(ref Unsafe.As<byte, object>(ref array.GetRawArrayData()), index);
            if (obj != null)
            {
                MethodTable* elementType = array.m_pEEType->RelatedType;
                if (obj.m_pEEType != elementType && IsInstanceOfAny(elementType, obj) == null)
                    ThrowHelpers.ThrowArrayTypeMismatchException();
            }
            element = obj;
        }

        private static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (nuint)array.Length) ThrowHelpers.ThrowIndexOutOfRangeException();
            if (array.m_pEEType->RelatedType != elementType) ThrowHelpers.ThrowArrayTypeMismatchException();
            return ref Unsafe.Add(ref Unsafe.As<byte, object>(ref array.GetRawArrayData()), index);
        }
    }
}
