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
            new LineWriter(buffer).Append("Solo5: trap: type="u8).Append(Name(frame->Vector))
                .Append(" ec="u8).AppendHex(frame->ErrorCode).Append(" rip="u8).AppendHex(frame->Rip)
                .Append(" rsp="u8).AppendHex(frame->Rsp).Append(" rflags="u8).AppendHex(frame->Rflags)
                .Append("\n"u8).WriteToConsole();
            if (frame->Vector == 14)
                new LineWriter(buffer).Append("Solo5: trap: cr2="u8).AppendHex(cr2).Append("\n"u8).WriteToConsole();
            Solo5.ConsoleWrite("Solo5: ABORT: Fatal trap\n"u8);

            fixed (Cookie* c = &s_cookie)
            {
                c->Cr2 = cr2; c->ErrorCode = frame->ErrorCode; c->Rip = frame->Rip; c->Cs = frame->Cs;
                c->Rflags = frame->Rflags; c->Rsp = frame->Rsp; c->Ss = frame->Ss;
                Solo5.Halt(Solo5.ExitAbort, c);
            }
        }

        private static ReadOnlySpan<byte> Name(ulong vector) => vector switch
        {
            0 => "#DE"u8, 1 => "#DB"u8, 2 => "#NMI"u8, 3 => "#BP"u8, 4 => "#OF"u8, 5 => "#BR"u8, 6 => "#UD"u8, 7 => "#NM"u8,
            8 => "#DF"u8, 10 => "#TS"u8, 11 => "#NP"u8, 12 => "#SS"u8, 13 => "#GP"u8, 14 => "#PF"u8, 16 => "#MF"u8,
            17 => "#AC"u8, 18 => "#MC"u8, 19 => "#XM"u8, 20 => "#VE"u8, 21 => "#CP"u8,
            _ => "#??"u8,
        };
    }
}
