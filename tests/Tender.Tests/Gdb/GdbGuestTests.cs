using System.Text.RegularExpressions;
using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Gdb;

/// <summary>
/// --gdb with the real gdb in batch mode on the C test guest tests/guests/debug.c (built -O0 -g):
/// stopped before the first instruction, breakpoints, registers, a global, single steps, the exit
/// code (docs/gdb.md).
/// </summary>
public class GdbGuestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    /// <summary>Starts the tender with --gdb on a free port and waits until it listens.</summary>
    internal static (BackgroundProcess Tender, int Port) StartTender(string image, params string[] guestArgs)
    {
        int port = GdbBatch.FreeLoopbackPort();
        var tender = TenderProcess.Start(["--gdb", $"--gdb-port={port}", image, .. guestArgs]);
        if (!tender.WaitForOutput("gdb: waiting for a debugger", Timeout))
        {
            var description = tender.Describe();
            tender.Dispose();
            throw new Xunit.Sdk.XunitException("the tender did not start listening\n" + description);
        }
        return (tender, port);
    }

    internal static void ShouldShowInOrder(ProcessResult gdb, BackgroundProcess tender, params string[] expected)
    {
        int missing = GdbBatch.FirstMissingInOrder(gdb.Stdout, expected);
        missing.Should().Be(-1, $"gdb should have shown '{(missing >= 0 ? expected[missing] : "")}' after the earlier ones\n{gdb}\n{tender.Describe()}");
    }

    [KvmFact]
    public void Gdb_breaks_reads_steps_and_sees_the_exit_code_of_a_C_guest()
    {
        var image = Guests.Path("debug");
        var (tender, port) = StartTender(image);
        using (tender)
        {
            var gdb = GdbBatch.Run(port, image,
            [
                "p/x $pc",
                "break guest_main",
                "continue",
                "break checksum",
                "continue",
                "p/x $rdi",
                "p debug_counter",
                "p/x $pc",
                "stepi",
                "p/x $pc",
                "next",
                "next",
                "p debug_counter",
                "continue",
            ], Timeout);

            ShouldShowInOrder(gdb, tender,
                $"$1 = 0x{EntryOf(image):x}\n",                  // stopped before the first instruction
                "Breakpoint 1, guest_main (",
                "Breakpoint 2, checksum (value=5) at ",
                "= 0x5",                                     // rdi, the argument
                "= 40",                                      // the global before checksum changes it
                "= 0x",
                "= 0x",
                "= 42",                                      // after stepping over its update
                "exited with code 07]");
            var pcs = Regex.Matches(gdb.Stdout, @"\$\d+ = (0x[0-9a-f]+)\n").Select(m => m.Groups[1].Value).ToList();
            pcs.Should().HaveCount(4, gdb.ToString());
            pcs[2].Should().NotBe(pcs[3], "stepi moved the guest by one instruction\n" + gdb);
            gdb.ExitCode.Should().Be(0, gdb.ToString());

            tender.WaitForExit(Timeout).Should().Be(7, tender.Describe());
            tender.Stdout.Should().Contain("debug guest: checksum done");
            tender.Stderr.Should().Contain("gdb: debugger connected");
        }
    }

    [KvmFact]
    public void After_detach_the_guest_runs_to_its_end()
    {
        var image = Guests.Path("debug");
        var (tender, port) = StartTender(image);
        using (tender)
        {
            var gdb = GdbBatch.Run(port, image, ["break checksum", "continue", "detach"], Timeout);
            ShouldShowInOrder(gdb, tender, "Breakpoint 1, checksum", "[Inferior 1 (Remote target) detached]");
            tender.WaitForExit(Timeout).Should().Be(7, tender.Describe());
            tender.Stdout.Should().Contain("debug guest: checksum done");
            tender.Stderr.Should().Contain("gdb: debugger detached");
        }
    }

    /// <summary>e_entry of the ELF image: where the guest's first instruction is.</summary>
    private static ulong EntryOf(string image) => BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(image).AsSpan(24));
}
