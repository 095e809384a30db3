using System.Globalization;
using FluentAssertions;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.Dma;

public sealed class DmaMemoryTests
{
    private static string FdTarget(int fd) => new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "";

    /// <summary>The smaps block of the mapping that starts at <paramref name="address"/>.</summary>
    private static string Smaps(nint address)
    {
        var start = ((ulong)address).ToString("x", CultureInfo.InvariantCulture) + "-";
        var lines = File.ReadAllLines("/proc/self/smaps");
        var at = Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        return at < 0 ? "" : string.Join('\n', lines.Skip(at).TakeWhile((l, i) => i == 0 || !char.IsAsciiHexDigit(l[0]) || l.Contains(':')).Take(30));
    }

    [Fact]
    public void Memory_is_a_zeroed_shared_memfd_and_dispose_gives_everything_back()
    {
        var dma = DmaMemory.Allocate("unit0", 64 << 10, allowHugePages: false);
        var fd = dma.Fd;
        var address = dma.HostAddress;
        FdTarget(fd).Should().StartWith("/memfd:solo5net-dma-unit0");
        Smaps(address).Should().Contain("/memfd:solo5net-dma-unit0");
        dma.HugePages.Should().BeFalse();
        dma.Span(0, 64 << 10).ToArray().Should().OnlyContain(b => b == 0);
        dma.Span(4096, 4)[0] = 0x5A;

        dma.Dispose();
        Directory.GetFileSystemEntries("/proc/self/fd").Select(f => new FileInfo(f).LinkTarget ?? "")
            .Should().NotContain(t => t.StartsWith("/memfd:solo5net-dma-unit0"));
        Smaps(address).Should().BeEmpty();
    }

    /// <summary>docs/security.md: no process the memory is shared with (a vfio-user server) can shrink
    /// or grow it, or take the seals off.</summary>
    [Fact]
    public void Memory_is_sealed_against_shrinking_growing_and_unsealing()
    {
        using var dma = DmaMemory.Allocate("sealed0", 64 << 10, allowHugePages: false);
        FileSeals.Of(dma.Fd).Should().Be(FileSeals.Shrink | FileSeals.Grow | FileSeals.Seal);
        var shrink = () => Libc.Ftruncate(dma.Fd, 4096);
        shrink.Should().Throw<SystemCallException>().Which.ErrorNumber.Should().Be(Errno.EPERM);
        var grow = () => Libc.Ftruncate(dma.Fd, 1 << 20);
        grow.Should().Throw<SystemCallException>().Which.ErrorNumber.Should().Be(Errno.EPERM);
        var unseal = () => FileSeals.Add(dma.Fd, FileSeals.Write);
        unseal.Should().Throw<SystemCallException>().Which.ErrorNumber.Should().Be(Errno.EPERM);
        dma.Span(60 << 10, 4)[0] = 1;   // still whole
    }

    [Fact]
    public void Sizes_must_be_whole_pages_and_spans_stay_inside()
    {
        var zero = () => DmaMemory.Allocate("x", 0);
        zero.Should().Throw<ArgumentOutOfRangeException>();
        var odd = () => DmaMemory.Allocate("x", 5000);
        odd.Should().Throw<ArgumentOutOfRangeException>();
        using var dma = DmaMemory.Allocate("x", 4096, allowHugePages: false);
        var outside = () => { dma.Span(4000, 100); };
        outside.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Without_reserved_huge_pages_a_2M_window_falls_back_to_4K_pages()
    {
        if (File.ReadAllText("/proc/sys/vm/nr_hugepages").Trim() != "0") return; // the machine has some: see the next test
        using var dma = DmaMemory.Allocate("fallback", 2 << 20);
        dma.HugePages.Should().BeFalse();
        Smaps(dma.HostAddress).Should().Contain("KernelPageSize:        4 kB");
    }

    [RootFact]
    public void With_a_reserved_huge_page_a_2M_window_uses_it()
    {
        const string knob = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages";
        var before = File.ReadAllText(knob).Trim();
        try
        {
            File.WriteAllText(knob, (int.Parse(before, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
            using var dma = DmaMemory.Allocate("huge", 2 << 20);
            dma.HugePages.Should().BeTrue();
            Smaps(dma.HostAddress).Should().Contain("KernelPageSize:     2048 kB");
            dma.Span(0, 2 << 20).ToArray().Should().OnlyContain(b => b == 0);
        }
        finally
        {
            File.WriteAllText(knob, before);
        }
    }
}
