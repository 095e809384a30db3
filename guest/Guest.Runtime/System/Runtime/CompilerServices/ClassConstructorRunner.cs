namespace System.Runtime.CompilerServices
{
    /// <summary>Per-type static-constructor state that ilc places next to the type's statics.
    /// cctorMethodAddress is non-zero until the constructor has run.</summary>
    public struct StaticClassConstructionContext
    {
        public IntPtr cctorMethodAddress;
    }

    /// <summary>Runs static constructors on first use. Single vCPU and no interrupts: no locking needed.
    /// A constructor is marked run before it starts, so recursion (A's cctor touching A) sees the
    /// partially initialised type, as in .NET.</summary>
    internal static unsafe class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return gcStaticBase;
        }

        private static IntPtr CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, IntPtr nonGcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return nonGcStaticBase;
        }

        private static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
        {
            IntPtr cctor = context->cctorMethodAddress;
            if ((void*)cctor == null) return;
            context->cctorMethodAddress = default;
            ((delegate*<void>)(void*)cctor)();
        }
    }
}
