using FluentAssertions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Packaging;

/// <summary>
/// hvt-tender ships as one native executable (NativeAOT, tender/StartupSettings.props): a .NET
/// process's own start costs 15-25 ms here, most of the 24 ms boot goal, and an operator's host
/// needs no .NET runtime. It is static-pie: nothing is loaded or relocated beside it at each start.
/// These look at the executable the build publishes and every end-to-end test runs; what a running
/// one maps is in Lifecycle/MappedFilesTests.
/// </summary>
public sealed class NativeTenderTests
{
    [Fact]
    public void The_published_tender_is_a_native_executable_with_nothing_beside_it_but_its_symbols()
    {
        var dir = Path.GetDirectoryName(Repo.NativeTender)!;
        Directory.GetFiles(dir).Select(Path.GetFileName).Should().BeEquivalentTo("hvt-tender", "hvt-tender.dbg");
        var head = File.ReadAllBytes(Repo.NativeTender).AsSpan(0, 4).ToArray();
        head.Should().Equal(0x7f, (byte)'E', (byte)'L', (byte)'F');
    }

    [Fact]
    public void The_published_tender_is_static_and_position_independent()
    {
        var elf = File.ReadAllBytes(Repo.NativeTender);
        const ushort SharedObjectType = 3;      // ET_DYN: a position-independent executable
        const uint InterpreterSegment = 3;      // PT_INTERP: the dynamic loader to run first
        BitConverter.ToUInt16(elf, 0x10).Should().Be(SharedObjectType, "the image is placed at a random address");
        long headers = BitConverter.ToInt64(elf, 0x20);
        int size = BitConverter.ToUInt16(elf, 0x36), count = BitConverter.ToUInt16(elf, 0x38);
        var types = Enumerable.Range(0, count).Select(i => BitConverter.ToUInt32(elf, (int)headers + i * size)).ToList();
        types.Should().NotBeEmpty();
        types.Should().NotContain(InterpreterSegment, "no dynamic loader and no shared library is mapped at each start");
    }
}
