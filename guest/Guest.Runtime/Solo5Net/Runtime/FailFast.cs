using System;
using System.Diagnostics.CodeAnalysis;

namespace Solo5Net.Runtime
{
    /// <summary>
    /// How the runtime ends the guest on a failure. The runtime knows nothing about Solo5: the
    /// bindings install a console writer and an abort function at start-up. Messages print as
    /// "Solo5: ABORT: &lt;what&gt;" and the guest exits with status 255.
    /// </summary>
    public static unsafe class FailFast
    {
        private static delegate*<ReadOnlySpan<byte>, void> s_write;
        private static delegate*<void> s_abort;
        private static bool s_failing;

        /// <summary>Installed by the bindings before the application runs.</summary>
        public static void Install(delegate*<ReadOnlySpan<byte>, void> write, delegate*<void> abort)
        {
            s_write = write;
            s_abort = abort;
        }

        [DoesNotReturn]
        public static void Fail(string what) => Fail(what, null);

        [DoesNotReturn]
        public static void Unhandled(Exception exception)
        {
            if (exception == null) Fail("unhandled exception (null)");
            Fail(exception.Name, exception.Message, "unhandled ");
        }

        [DoesNotReturn]
        internal static void OutOfMemory(nuint requested)
        {
            Span<char> digits = stackalloc char[20];
            int n = Text.Number.FormatDecimal((ulong)requested, digits);
            Report("out of memory: heap exhausted by a request of ", digits.Slice(0, n), " bytes");
        }

        [DoesNotReturn]
        private static void Fail(string what, string detail, string prefix = "") =>
            Report(prefix, what, detail == null ? null : ": ", detail);

        /// <summary>Prints "Solo5: ABORT: " and the parts (null parts are skipped), then aborts.</summary>
        [DoesNotReturn]
        private static void Report(ReadOnlySpan<char> a, ReadOnlySpan<char> b, string c, string d = null)
        {
            // A failure while reporting a failure (e.g. the writer faults) goes straight to abort.
            if (!s_failing && s_write != null)
            {
                s_failing = true;
                s_write("Solo5: ABORT: "u8);
                Write(a);
                Write(b);
                if ((object)c != null) Write(c);
                if ((object)d != null) Write(d);
                s_write("\n"u8);
            }
            if (s_abort != null) s_abort();
            Halt();
        }

        private static void Write(ReadOnlySpan<char> text)
        {
            Span<byte> buffer = stackalloc byte[128];
            while (text.Length > 0)
            {
                int n = Text.Utf8.Encode(text, buffer, out int read);
                s_write(buffer.Slice(0, n));
                text = text.Slice(read);
            }
        }

        [System.Runtime.RuntimeImport("*", "solo5net_halt_forever")]
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
        private static extern void Halt();
    }
}
