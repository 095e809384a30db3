using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>--dumpcore with a PCI device: the core holds the device's DMA window next to guest RAM,
/// written before the PCI module releases that memory (docs/debugging.md; tests/guests/pci_core.c).</summary>
public sealed class DumpcoreDmaTests : IDisposable
{
    private const uint PtLoad = 1;
    private readonly string _dir = Directory.CreateTempSubdirectory("solo5net-core-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [KvmFact]
    public void An_aborting_pci_guest_leaves_its_dma_window_in_the_core()
    {
        using var edu = DevEmuServer.StartEdu();
        var r = ProcessRunner.RunTool("hvt-tender",
            [$"--dumpcore={_dir}", $"--pci-dev:edu0=vfio-user:{edu.SocketPath}", "--pci-dma:edu0=64K",
             Path.Combine(AppContext.BaseDirectory, "guests", "pci_core.hvt")], TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(255, r.ToString());
        var window = r.Stdout.Split("dma window at 0x")[1].Split(' ')[0];
        ulong dmaBase = Convert.ToUInt64(window, 16);
        r.Stderr.Should().Contain($"dumpcore: dumped 2 pages of total 16 pages of edu0 DMA window at 0x{dmaBase:x}");

        var core = File.ReadAllBytes(Directory.GetFiles(_dir, "core.solo5-hvt.*").Should().ContainSingle().Subject);
        var loads = LoadSegments(core);
        loads.Should().HaveCount(2, "guest RAM, then the DMA window");
        loads[0].VAddr.Should().Be(0);
        var dma = loads[1];
        (dma.VAddr, dma.Size).Should().Be((dmaBase, 0x10000UL));

        var first = core.AsSpan((int)dma.Offset, 4096).ToArray();
        first.Should().Equal(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3)));
        core.AsSpan((int)dma.Offset + 4096, 0x10000 - 2 * 4096).IndexOfAnyExcept((byte)0).Should().Be(-1);
        var last = core.AsSpan((int)(dma.Offset + 0x10000 - 4096), 27).ToArray();
        System.Text.Encoding.ASCII.GetString(last).Should().Be("last page of the DMA window");
        edu.WaitForClientToLeave().Should().BeTrue("the device is still released after the core is written");
    }

    private static List<(ulong Offset, ulong VAddr, ulong Size)> LoadSegments(byte[] elf)
    {
        var phoff = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(56));
        var loads = new List<(ulong, ulong, ulong)>();
        for (int i = 0; i < count; i++)
        {
            var ph = elf.AsSpan((int)phoff + 56 * i, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != PtLoad) continue;
            loads.Add((BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]), BinaryPrimitives.ReadUInt64LittleEndian(ph[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(ph[32..])));
        }
        return loads;
    }
}
