using System;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>`ldtoken` helpers ilc requires. There is no reflection: the handles carry the raw
    /// pointer only (array initialisers are expanded by the JIT and never look at them).</summary>
    internal static unsafe class LdTokenHelpers
    {
        private static RuntimeTypeHandle GetRuntimeTypeHandle(IntPtr type) => new RuntimeTypeHandle(type);
        private static RuntimeMethodHandle GetRuntimeMethodHandle(IntPtr signature) => new RuntimeMethodHandle(signature);
        private static RuntimeFieldHandle GetRuntimeFieldHandle(IntPtr signature) => new RuntimeFieldHandle(signature);

        private static Type GetRuntimeType(IntPtr type)
        {
            Solo5Net.Runtime.FailFast.Fail("typeof/GetType() is not supported in a Solo5Net guest (no reflection)");
            return null;
        }
    }
}
