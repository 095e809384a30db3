using System.Text.RegularExpressions;
using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>
/// Source-level debugging of a C# unikernel: hvt-tender --gdb and the real gdb in batch mode on
/// tests/guests-cs/debug, whose image carries ilc's DWARF (docs/gdb.md §5).
/// </summary>
public sealed class GdbGuestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private const string Main = "debug_Solo5Net_Tests_Guests_DebugTarget__Main";
    private const string Checksum = "debug_Solo5Net_Tests_Guests_DebugTarget__Checksum";
    private const string Counter = "'debug_Solo5Net_Tests_Guests_DebugTarget::Counter'";

    [KvmFact]
    public void Gdb_breaks_on_Main_steps_source_lines_and_prints_locals_of_a_CSharp_guest()
    {
        var image = GuestImages.PathOf("debug");
        int port = GdbBatch.FreeLoopbackPort();
        using var tender = BackgroundProcess.StartTool("hvt-tender", ["--gdb", $"--gdb-port={port}", "--", image]);
        tender.WaitForOutput("gdb: waiting for a debugger", Timeout).Should().BeTrue(tender.Describe());

        // ilc's line table for Checksum: line 21 at its entry, line 23 from the next instruction on
        // (where the local sum = value * 3 is live), then the ret without a line.
        var gdb = GdbBatch.Run(port, image,
        [
            "p/x $pc",
            "break DebugTarget.cs:15",
            "continue",
            $"break {Checksum}",
            "continue",
            "p value",
            "p/x $rdi",
            $"p {Counter}",
            "next",
            "p sum",
            "p/x $pc",
            "stepi",
            "p/x $pc",
            "finish",
            $"p {Counter}",
            "continue",
        ], Timeout);

        int missing = GdbBatch.FirstMissingInOrder(gdb.Stdout,
        [
            $"$1 = 0x{EntryOf(image):x}\n",
            $"Breakpoint 1, {Main} (",
            "DebugTarget.cs:15",
            $"Breakpoint 2, {Checksum} (value=5) at ",
            "= 5",
            "= 0x5",
            "= 40",
            "23\t",
            "= 15",
            "= 0x",
            "= 0x",
            $"{Main} (start=...) at ",
            "= 42",
            "exited with code 07]",
        ]);
        missing.Should().Be(-1, "gdb's output should show each step in order\n" + gdb + "\n" + tender.Describe());
        var pcs = Regex.Matches(gdb.Stdout, @"\$\d+ = (0x[0-9a-f]+)\n").Select(m => m.Groups[1].Value).ToList();
        pcs.Should().HaveCount(4, gdb.ToString());
        pcs[2].Should().NotBe(pcs[3], "stepi moved the guest\n" + gdb);

        tender.WaitForExit(Timeout).Should().Be(7, tender.Describe());
        tender.Stdout.Should().Contain("debug guest: checksum done");
    }

    /// <summary>e_entry of the ELF image: where the guest's first instruction is.</summary>
    private static ulong EntryOf(string image) => BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(image).AsSpan(24));
}
