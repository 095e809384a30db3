using System;
using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>Fatal CPU exceptions: print the trap like Solo5 and halt with status 255, passing the
    /// trap frame as the halt cookie (cr2, ec, rip, cs, rflags, rsp, ss) for core dumps.</summary>
    internal static unsafe class Traps
    {
        [StructLayout(LayoutKind.Sequential)]
        private struct Frame { public ulong Vector, ErrorCode, Rip, Cs, Rflags, Rsp, Ss; }

        [StructLayout(LayoutKind.Sequential)]
        private struct Cookie { public ulong Cr2, ErrorCode, Rip, Cs, Rflags, Rsp, Ss; }

        private static Cookie s_cookie;
        private static int s_depth;

        [UnmanagedCallersOnly(EntryPoint = "solo5net_trap")]
        private static void OnTrap(Frame* frame)
        {
            // A trap while reporting a trap: halt without printing anything more.
            if (++s_depth > 1) Solo5.Halt(Solo5.ExitAbort, null);

            ulong cr2 = Native.ReadCr2();
            Span<byte> buffer = stackalloc byte[160];
            new LineWriter(buffer).Append("Solo5: trap: type=").Append(Name(frame->Vector))
                .Append(" ec=").AppendHex(frame->ErrorCode).Append(" rip=").AppendHex(frame->Rip)
                .Append(" rsp=").AppendHex(frame->Rsp).Append(" rflags=").AppendHex(frame->Rflags)
                .Append("\n").WriteToConsole();
            if (frame->Vector == 14)
                new LineWriter(buffer).Append("Solo5: trap: cr2=").AppendHex(cr2).Append("\n").WriteToConsole();
            Solo5.ConsoleWrite("Solo5: ABORT: Fatal trap\n");

            fixed (Cookie* c = &s_cookie)
            {
                c->Cr2 = cr2; c->ErrorCode = frame->ErrorCode; c->Rip = frame->Rip; c->Cs = frame->Cs;
                c->Rflags = frame->Rflags; c->Rsp = frame->Rsp; c->Ss = frame->Ss;
                Solo5.Halt(Solo5.ExitAbort, c);
            }
        }

        private static string Name(ulong vector) => vector switch
        {
            0 => "#DE", 1 => "#DB", 2 => "#NMI", 3 => "#BP", 4 => "#OF", 5 => "#BR", 6 => "#UD", 7 => "#NM",
            8 => "#DF", 10 => "#TS", 11 => "#NP", 12 => "#SS", 13 => "#GP", 14 => "#PF", 16 => "#MF",
            17 => "#AC", 18 => "#MC", 19 => "#XM", 20 => "#VE", 21 => "#CP",
            _ => "#??",
        };
    }
}
