namespace System
{
    /// <summary>Exceptions can be thrown but not caught: a throw ends the guest (abort, exit 255)
    /// after printing "Solo5: ABORT: unhandled &lt;Name&gt;: &lt;message&gt;".</summary>
    public class Exception
    {
        private readonly string _message;

        public Exception() { }
        public Exception(string message) { _message = message; }

        public virtual string Message => _message ?? "(no message)";

        /// <summary>Printed in the abort line; derived types give their own name (there is no reflection).</summary>
        public virtual string Name => "Exception";
    }

    public class SystemException : Exception
    {
        public SystemException(string message) : base(message) { }
        public override string Name => "SystemException";
    }

    public sealed class IndexOutOfRangeException : Exception
    {
        public IndexOutOfRangeException() : base("Index was outside the bounds of the array.") { }
        public override string Name => "IndexOutOfRangeException";
    }

    public sealed class NullReferenceException : Exception
    {
        public NullReferenceException() : base("Object reference not set to an instance of an object.") { }
        public override string Name => "NullReferenceException";
    }

    public class ArgumentException : Exception
    {
        public ArgumentException() : base("Value does not fall within the expected range.") { }
        public ArgumentException(string message) : base(message) { }
        public override string Name => "ArgumentException";
    }

    public sealed class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() : base("Specified argument was out of the range of valid values.") { }
        public ArgumentOutOfRangeException(string message) : base(message) { }
        public override string Name => "ArgumentOutOfRangeException";
    }

    public sealed class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException(string paramName) : base(paramName) { }
        public override string Name => "ArgumentNullException";
    }

    public sealed class InvalidOperationException : Exception
    {
        public InvalidOperationException() : base("Operation is not valid due to the current state of the object.") { }
        public InvalidOperationException(string message) : base(message) { }
        public override string Name => "InvalidOperationException";
    }

    public sealed class InvalidCastException : Exception
    {
        public InvalidCastException() : base("Specified cast is not valid.") { }
        public override string Name => "InvalidCastException";
    }

    public sealed class OverflowException : Exception
    {
        public OverflowException() : base("Arithmetic operation resulted in an overflow.") { }
        public override string Name => "OverflowException";
    }

    public sealed class DivideByZeroException : Exception
    {
        public DivideByZeroException() : base("Attempted to divide by zero.") { }
        public override string Name => "DivideByZeroException";
    }

    public sealed class OutOfMemoryException : Exception
    {
        public OutOfMemoryException() : base("Guest heap exhausted.") { }
        public override string Name => "OutOfMemoryException";
    }

    public sealed class NotSupportedException : Exception
    {
        public NotSupportedException() : base("Not supported in a Solo5Net guest.") { }
        public NotSupportedException(string message) : base(message) { }
        public override string Name => "NotSupportedException";
    }

    public sealed class PlatformNotSupportedException : Exception
    {
        public PlatformNotSupportedException() : base("Not supported in a Solo5Net guest.") { }
        public override string Name => "PlatformNotSupportedException";
    }

    public sealed class ArrayTypeMismatchException : Exception
    {
        public ArrayTypeMismatchException() : base("Attempted to access an element as a type incompatible with the array.") { }
        public override string Name => "ArrayTypeMismatchException";
    }
}
