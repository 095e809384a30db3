using System;
using Solo5Net.Abi;
using Solo5Net.Runtime.Text;

namespace Solo5Net.Guest
{
    /// <summary>The Solo5 guest API (solo5.h) for C#. Device acquisition lives in Devices/ (and Pci/).</summary>
    public static unsafe partial class Solo5
    {
        public const int ExitSuccess = 0, ExitFailure = 1, ExitAbort = 255;

        /// <summary>Writes bytes to the console (the tender's stdout) with one PUTS hypercall.</summary>
        public static void ConsoleWrite(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return;
            fixed (byte* p = bytes)
            {
                HvtHcPuts args;
                args.Data = (ulong)p;
                args.Len = (ulong)bytes.Length;
                Hypercall.Invoke(HvtHypercall.Puts, &args);
            }
        }

        /// <summary>Writes text as UTF-8, in chunks of at most 512 bytes (no allocation).</summary>
        public static void ConsoleWrite(string text)
        {
            if (text == null) return;
            ReadOnlySpan<char> rest = text.AsSpan();   // the instance method: inlined, unlike the conversion
            Span<byte> buffer = stackalloc byte[512];
            while (!rest.IsEmpty)
            {
                ConsoleWrite(buffer.Slice(0, Utf8.Encode(rest, buffer, out int read)));
                rest = rest.Slice(read);
            }
        }

        /// <summary>Ends the guest; the tender exits with status &amp; 0xFF.</summary>
        public static void Exit(int status)
        {
            if (Log.Enabled(LogLevel.Info))
            {
                Span<byte> line = stackalloc byte[64];
                Log.Begin(line).Append("solo5_exit("u8).Append((long)status).Append(") called\n"u8).WriteToConsole();
            }
            Halt(status, null);
        }

        /// <summary>Ends the guest with status 255 (SOLO5_EXIT_ABORT).</summary>
        public static void Abort()
        {
            Log.Info("solo5_abort() called\n"u8);
            Halt(ExitAbort, null);
        }

        internal static void Halt(int status, void* cookie)
        {
            HvtHcHalt args;
            args.Cookie = (ulong)cookie;
            args.ExitStatus = status;
            Hypercall.Invoke(HvtHypercall.Halt, &args);
            Native.HaltForever();
        }

        /// <summary>Nanoseconds since an arbitrary point at boot (TSC based).</summary>
        public static ulong ClockMonotonic() => TscClock.Now();

        /// <summary>Wall-clock time: nanoseconds since the Unix epoch.</summary>
        public static ulong ClockWall()
        {
            HvtHcWalltime args;
            args.Nsecs = 0;
            Hypercall.Invoke(HvtHypercall.Walltime, &args);
            return args.Nsecs;
        }

        /// <summary>Sleeps until the monotonic clock reaches <paramref name="deadline"/> or a device has
        /// input. <paramref name="readySet"/> has bit i set when handle i is ready.</summary>
        public static void Yield(ulong deadline, out ulong readySet)
        {
            ulong now = TscClock.Now();
            HvtHcPoll args;
            args.TimeoutNsecs = deadline > now ? deadline - now : 0;
            args.ReadySet = 0;
            args.Ret = 0;
            Hypercall.Invoke(HvtHypercall.Poll, &args);
            readySet = args.ReadySet;
        }
    }
}
