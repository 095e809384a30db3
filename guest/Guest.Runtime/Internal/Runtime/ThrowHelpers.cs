using System;
using System.Diagnostics.CodeAnalysis;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>Failures detected by compiled code (bounds checks, overflow, division by zero, bad casts)
    /// and by the runtime. Each ends the guest through the unhandled-exception path.</summary>
    internal static class ThrowHelpers
    {
        [DoesNotReturn] public static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        [DoesNotReturn] public static void ThrowNullReferenceException() => throw new NullReferenceException();
        [DoesNotReturn] public static void ThrowInvalidCastException() => throw new InvalidCastException();
        [DoesNotReturn] public static void ThrowOverflowException() => throw new OverflowException();
        [DoesNotReturn] public static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        [DoesNotReturn] public static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        [DoesNotReturn] public static void ThrowArgumentException() => throw new ArgumentException();
        [DoesNotReturn] public static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        [DoesNotReturn] public static void ThrowInvalidOperationException() => throw new InvalidOperationException();
        [DoesNotReturn] public static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();
        [DoesNotReturn] public static void ThrowNotSupportedException() => throw new NotSupportedException();
        [DoesNotReturn] public static void ThrowTypeLoadException() => Solo5Net.Runtime.FailFast.Fail("type load failure");
        [DoesNotReturn] public static void ThrowTypeLoadExceptionWithArgument() => Solo5Net.Runtime.FailFast.Fail("type load failure");
        [DoesNotReturn] public static void ThrowMissingMethodException() => Solo5Net.Runtime.FailFast.Fail("missing method");
        [DoesNotReturn] public static void ThrowMissingFieldException() => Solo5Net.Runtime.FailFast.Fail("missing field");
        [DoesNotReturn] public static void ThrowFileNotFoundException() => Solo5Net.Runtime.FailFast.Fail("file not found");
        [DoesNotReturn] public static void ThrowInvalidProgramException() => Solo5Net.Runtime.FailFast.Fail("invalid program");
        [DoesNotReturn] public static void ThrowInvalidProgramExceptionWithArgument() => Solo5Net.Runtime.FailFast.Fail("invalid program");
        [DoesNotReturn] public static void ThrowBadImageFormatException() => Solo5Net.Runtime.FailFast.Fail("bad image format");
        [DoesNotReturn] public static void ThrowMarshalDirectiveException() => Solo5Net.Runtime.FailFast.Fail("marshalling not supported");
        [DoesNotReturn] public static void ThrowAmbiguousMatchException() => Solo5Net.Runtime.FailFast.Fail("ambiguous match");
        [DoesNotReturn] public static void ThrowFeatureBodyRemoved() => Solo5Net.Runtime.FailFast.Fail("feature removed by the compiler (not supported in a guest)");
    }
}
