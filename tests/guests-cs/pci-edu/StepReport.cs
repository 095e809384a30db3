using System;
using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests.PciEdu
{
    /// <summary>The guest's console lines: "edu: STEP ok" per passed step, and for a mismatch
    /// "edu: FAIL STEP: WHAT: expected X, got Y" (the first mismatch ends the run).</summary>
    internal static class StepReport
    {
        public static void Passed(string step)
        {
            Span<byte> line = stackalloc byte[96];
            new LineWriter(line).Append("edu: ").Append(step).Append(" ok\n").WriteToConsole();
        }

        /// <summary>True if <paramref name="got"/> is <paramref name="expected"/>; else prints both.</summary>
        public static bool Expect(string step, string what, ulong expected, ulong got)
        {
            if (expected == got) return true;
            Span<byte> line = stackalloc byte[192];
            new LineWriter(line).Append("edu: FAIL ").Append(step).Append(": ").Append(what)
                .Append(": expected ").AppendHex(expected).Append(", got ").AppendHex(got).Append("\n").WriteToConsole();
            return false;
        }

        /// <summary>Element <paramref name="index"/> of a sequence: "WHAT [INDEX]: expected X, got Y".</summary>
        public static bool ExpectAt(string step, string what, int index, ulong expected, ulong got)
        {
            if (expected == got) return true;
            Span<byte> line = stackalloc byte[192];
            new LineWriter(line).Append("edu: FAIL ").Append(step).Append(": ").Append(what).Append(" [").Append((long)index)
                .Append("]: expected ").AppendHex(expected).Append(", got ").AppendHex(got).Append("\n").WriteToConsole();
            return false;
        }

        public static bool Expect(string step, string what, bool condition) => condition || Fail(step, what);

        public static bool Expect(string step, string what, bool expected, bool got) =>
            expected == got || Fail(step, what + (expected ? ": expected yes, got no" : ": expected no, got yes"));

        /// <summary>A Solo5Result that must be Ok.</summary>
        public static bool Ok(string step, string what, Solo5Result result) =>
            Expect(step, what, (ulong)Solo5Result.Ok, (ulong)result);

        public static bool Fail(string step, string what)
        {
            Span<byte> line = stackalloc byte[192];
            new LineWriter(line).Append("edu: FAIL ").Append(step).Append(": ").Append(what).Append("\n").WriteToConsole();
            return false;
        }
    }
}
