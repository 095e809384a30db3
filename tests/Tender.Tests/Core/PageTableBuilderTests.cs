using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Core;

public class PageTableBuilderTests
{
    private static ulong Entry(byte[] low, ulong gpa) => BinaryPrimitives.ReadUInt64LittleEndian(low.AsSpan((int)gpa));

    private static byte[] Build(ulong allocation)
    {
        var low = new byte[0x10000];
        Array.Fill(low, (byte)0xCC);   // the builder must clear what it owns
        new PageTableBuilder().BuildSolo5Layout(low, allocation);
        return low;
    }

    [Fact]
    public void Builds_the_solo5_identity_map_for_512_MiB()
    {
        var low = Build(512UL << 20);
        Entry(low, 0x2000).Should().Be(0x3003);
        Entry(low, 0x2008).Should().Be(0);
        for (ulong i = 0; i < 4; i++) Entry(low, 0x3000 + 8 * i).Should().Be(0x4003 + 0x1000 * i);
        Entry(low, 0x3020).Should().Be(0);
        Entry(low, 0x4000).Should().Be(0x8003);
        Entry(low, 0x4008).Should().Be(0x200083);
        Entry(low, 0x4000 + 8 * 255).Should().Be((255UL << 21) | 0x83);
        Entry(low, 0x4000 + 8 * 256).Should().Be(0, "512 MiB ends at PD entry 256");
        Entry(low, 0x8000 + 8 * 15).Should().Be(0, "0xF000 (page tables) is not present");
        Entry(low, 0x8000 + 8 * 16).Should().Be(0x10001, "the boot area is read-only");
        Entry(low, 0x8000 + 8 * 255).Should().Be(0xFF001);
        Entry(low, 0x8000 + 8 * 256).Should().Be(0x100003);
        Entry(low, 0x8000 + 8 * 511).Should().Be(0x1FF003);
        low.AsSpan(0x9000, 0x7000).ToArray().Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Maps_all_2048_large_pages_for_4_GiB()
    {
        var low = Build(4UL << 30);
        Entry(low, 0x4000 + 8 * 2047).Should().Be((2047UL << 21) | 0x83);
        Entry(low, 0x4000 + 8 * 1024).Should().Be((1024UL << 21) | 0x83);
    }

    [Fact]
    public void Maps_a_2_MiB_write_back_window_at_4_GiB_through_PDPT_entry_4()
    {
        var low = Build(64UL << 20);
        var builder = new PageTableBuilder();
        builder.BuildSolo5Layout(low, 64UL << 20);
        builder.MapWindow(low, 0x1_0000_0000, 2UL << 20, CacheMode.WriteBack);
        Entry(low, 0x3020).Should().Be(0x9003, "PDPT[4] points at the first extra table page");
        Entry(low, 0x9000).Should().Be(0x1_0000_0083);
        Entry(low, 0x9008).Should().Be(0);
    }

    [Fact]
    public void Maps_small_uncached_windows_with_4_KiB_pages_and_PCD_PWT()
    {
        var low = Build(64UL << 20);
        var builder = new PageTableBuilder();
        builder.BuildSolo5Layout(low, 64UL << 20);
        builder.MapWindow(low, 0x1_0020_0000, 0x2000, CacheMode.Uncached);
        Entry(low, 0x3020).Should().Be(0x9003);
        Entry(low, 0x9008).Should().Be(0xA003, "PD[1] of the 4 GiB gigabyte points at a page table");
        Entry(low, 0xA000).Should().Be(0x1_0020_0000 | 0x1B);
        Entry(low, 0xA008).Should().Be(0x1_0020_1000 | 0x1B);
        Entry(low, 0xA010).Should().Be(0);
    }

    [Fact]
    public void Refuses_windows_inside_guest_memory_or_unaligned()
    {
        var low = new byte[0x10000];
        var builder = new PageTableBuilder();
        builder.BuildSolo5Layout(low, (64UL << 20) + 0x1000);
        builder.WindowsBase.Should().Be(66UL << 20, "the allocation's last 2 MiB page ends there");
        builder.Invoking(b => b.MapWindow(low, 64UL << 20, 0x1000, CacheMode.WriteBack)).Should().Throw<ArgumentException>();
        builder.Invoking(b => b.MapWindow(low, 0x1000, 0x1000, CacheMode.WriteBack)).Should().Throw<ArgumentException>();
        builder.Invoking(b => b.MapWindow(low, 0x1_0000_0800, 0x1000, CacheMode.WriteBack)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Maps_a_window_between_guest_memory_and_4_GiB_through_the_empty_PD_entries()
    {
        var low = Build(64UL << 20);
        var builder = new PageTableBuilder();
        builder.BuildSolo5Layout(low, 64UL << 20);
        builder.MapWindow(low, 64UL << 20, 2UL << 20, CacheMode.WriteBack);
        builder.MapWindow(low, 66UL << 20, 0x1000, CacheMode.WriteBack);
        Entry(low, 0x4000 + 8 * 31).Should().Be((31UL << 21) | 0x83, "guest memory's last 2 MiB page");
        Entry(low, 0x4000 + 8 * 32).Should().Be((32UL << 21) | 0x83, "the 2 MiB window: a large page in PD0");
        Entry(low, 0x4000 + 8 * 33).Should().Be(0x9003, "the 4 KiB window: a page table of its own");
        Entry(low, 0x9000).Should().Be((66UL << 20) | 0x3);
        Entry(low, 0x9008).Should().Be(0);
        Entry(low, 0x3020).Should().Be(0, "nothing above 4 GiB");
    }

    [Fact]
    public void Takes_overflow_table_pages_from_the_top_of_the_boot_area_and_stops_after_23()
    {
        var low = new byte[0x100000];
        var builder = new PageTableBuilder();
        builder.BuildSolo5Layout(low, 64UL << 20);
        for (ulong g = 4; g < 4 + 23; g++) builder.MapWindow(low, g << 30, 1UL << 21, CacheMode.WriteBack);
        Entry(low, 0x3000 + 8 * 4).Should().Be(0x9003);
        Entry(low, 0x3000 + 8 * 10).Should().Be(0xF003, "the seventh and last page below 0x10000");
        Entry(low, 0x3000 + 8 * 11).Should().Be(0xF0003, "then the overflow area at 0xF0000");
        Entry(low, 0xF0000).Should().Be((11UL << 30) | 0x83);
        var act = () => builder.MapWindow(low, 27UL << 30, 1UL << 21, CacheMode.WriteBack);
        act.Should().Throw<TenderException>().WithMessage("*page-table pages*");
    }

    [Fact]
    public void Reports_running_out_of_table_pages()
    {
        var low = new byte[0x10000];
        var builder = new PageTableBuilder();
        builder.BuildSolo5Layout(low, 64UL << 20);
        var act = () =>
        {
            for (ulong g = 4; g < 20; g++) builder.MapWindow(low, g << 30, 0x1000, CacheMode.Uncached);
        };
        act.Should().Throw<TenderException>().WithMessage("*page-table pages*");
    }
}
