using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>
/// Host state after a confined tender with a block device and a tap is stopped mid-run: what the
/// guest wrote (and got OK for) is in the file, the operator's tap is still there, and nothing is
/// left in the temporary directory — after SIGTERM/SIGINT (clean exit) and after SIGKILL (a crash).
/// </summary>
public class ExitPathTests
{
    private const int Blocks = 16, BlockSize = 512, DiskBlocks = 64;
    private const byte Untouched = 0xEE;

    private static byte PersistByte(int block, int i) => (byte)(block * 13 + i * 7 + 3);

    [KvmTheory]
    [InlineData(15)]
    [InlineData(2)]
    [InlineData(9)]
    public void Stopping_the_tender_mid_run_keeps_written_blocks_and_the_tap_and_leaves_no_files(int signal)
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        using var files = new TempDir();
        using var tmp = new TempDir();
        var disk = files.NewFile("disk.img", DiskBlocks * BlockSize, Untouched);

        using var tender = TenderProcess.Start(
            [$"--block:storage={disk}", "--net:service0=tap0", Guests.Path("persist"), "persist", Blocks.ToString()],
            ns, new Dictionary<string, string> { ["TMPDIR"] = tmp.Path });
        tender.WaitForLine($"written {Blocks}");
        tender.Status()["Seccomp"].Should().Be("2");

        var (exitCode, stderr) = tender.SignalAndWait(signal);

        if (signal == 9)
            exitCode.Should().Be(128 + 9);
        else
        {
            exitCode.Should().Be(1);
            stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal {signal}\n");
        }
        var image = File.ReadAllBytes(disk);
        image.Length.Should().Be(DiskBlocks * BlockSize);
        for (int b = 0; b < DiskBlocks; b++)
            for (int i = 0; i < BlockSize; i++)
                if (image[b * BlockSize + i] != (b < Blocks ? PersistByte(b, i) : Untouched))
                    Assert.Fail($"block {b} byte {i} is 0x{image[b * BlockSize + i]:x2}");
        ns.Exec("ip", "link", "show", "tap0").ExitCode.Should().Be(0, "the tender never deletes a tap it did not create");
        Directory.GetFileSystemEntries(tmp.Path).Should().BeEmpty();
        Directory.GetFileSystemEntries(files.Path).Select(Path.GetFileName).Should().Equal("disk.img");
    }
}
