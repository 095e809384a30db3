using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Solo5Net.Runtime;

namespace Internal.Runtime
{
    /// <summary>The native-named helpers ilc-generated code calls: allocation, reference stores
    /// (no GC, so no write barrier), GC transitions (none), throw (abort).</summary>
    internal static unsafe class RuntimeExports
    {
        [RuntimeExport("RhpNewFast")]
        private static object RhpNewFast(MethodTable* type) => Heap.AllocateObject(type);

        [RuntimeExport("RhpNewFinalizable")]
        private static object RhpNewFinalizable(MethodTable* type) => Heap.AllocateObject(type);

        [RuntimeExport("RhpNewArrayFast")]
        private static object RhpNewArrayFast(MethodTable* type, int length) => Heap.AllocateArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        private static object RhpNewPtrArrayFast(MethodTable* type, int length) => Heap.AllocateArray(type, length);

        [RuntimeExport("RhpNewArray")]
        private static object RhpNewArray(MethodTable* type, int length) => Heap.AllocateArray(type, length);

        [RuntimeExport("RhNewString")]
        private static object RhNewString(MethodTable* type, int length) => Heap.AllocateArray(type, length);

        [RuntimeExport("RhpAssignRef")]
        private static void RhpAssignRef(void** destination, void* value) => *destination = value;

        [RuntimeExport("RhpCheckedAssignRef")]
        private static void RhpCheckedAssignRef(void** destination, void* value) => *destination = value;

        [RuntimeExport("RhpByRefAssignRef")]
        private static void RhpByRefAssignRef(void** destination, void** source) => *destination = *source;

        [RuntimeExport("RhpReversePInvoke")] private static void RhpReversePInvoke(IntPtr frame) { }
        [RuntimeExport("RhpReversePInvokeReturn")] private static void RhpReversePInvokeReturn(IntPtr frame) { }
        [RuntimeExport("RhpPInvoke")] private static void RhpPInvoke(IntPtr frame) { }
        [RuntimeExport("RhpPInvokeReturn")] private static void RhpPInvokeReturn(IntPtr frame) { }
        [RuntimeExport("RhpGcPoll")] private static void RhpGcPoll() { }

        // Called by ilc-generated code when a stack-buffer guard (__security_cookie, set from the
        // TSC at boot) was overwritten, i.e. a stack buffer overflow.
        [RuntimeExport("RhpFallbackFailFast")]
        private static void RhpFallbackFailFast() => FailFast.Fail("Stack corruption detected");

        [RuntimeExport("RhpThrowEx")]
        private static void RhpThrowEx(Exception exception) => FailFast.Unhandled(exception);

        [RuntimeExport("RhpRethrow")]
        private static void RhpRethrow() => FailFast.Fail("rethrow outside a catch (exceptions cannot be caught)");

        [RuntimeExport("RhpStackProbe")]
        private static void RhpStackProbe() { }

        [RuntimeExport("memset")]
        private static void* Memset(byte* destination, int value, nuint length)
        {
            Buffer.Fill(ref *destination, (byte)value, length);
            return destination;
        }

        [RuntimeExport("memmove")]
        private static void* MemmoveExport(byte* destination, byte* source, nuint length)
        {
            Buffer.Memmove(destination, source, length);
            return destination;
        }

        [RuntimeExport("memcpy")]
        private static void* Memcpy(byte* destination, byte* source, nuint length)
        {
            Buffer.Memmove(destination, source, length);
            return destination;
        }
    }
}
