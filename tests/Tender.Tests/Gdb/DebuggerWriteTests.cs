using FluentAssertions;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Gdb;

/// <summary>
/// GuestMemory.DebuggerWrite, the one way the gdb stub writes guest memory (docs/gdb.md §4): the
/// §4.2 check of docs/hvt-abi.md, text allowed and read-only again afterwards, inaccessible pages refused.
/// </summary>
public class DebuggerWriteTests
{
    private const ulong Text = 0x100000, Page = 0x1000;

    [Fact]
    public void A_breakpoint_goes_into_read_only_text_and_the_page_stays_read_only()
    {
        using var memory = new GuestMemory(2UL << 20);
        memory.Protect(Text, Page, readable: true, writable: false);

        memory.DebuggerWrite(Text + 0x28, [0xF4]);

        memory.ReadOnlySlice(Text + 0x28, 1)[0].Should().Be(0xF4);
        memory.IsHostReadOnly(Text + 0x28).Should().BeTrue();
        Action guestWrite = () => _ = memory.Slice(Text + 0x28, 1).Length;
        guestWrite.Should().Throw<GuestAccessException>("the guest's own writes to text still fail");
    }

    [Fact]
    public void A_write_across_text_and_data_lands_in_both()
    {
        using var memory = new GuestMemory(2UL << 20);
        memory.Protect(Text, Page, readable: true, writable: false);

        memory.DebuggerWrite(Text + Page - 2, [1, 2, 3, 4]);

        memory.ReadOnlySlice(Text + Page - 2, 4).ToArray().Should().Equal(1, 2, 3, 4);
        memory.IsHostReadOnly(Text + Page).Should().BeFalse();
        memory.Slice(Text + Page, 2).ToArray().Should().Equal(3, 4);
    }

    [Theory]
    [InlineData(0x200000UL, 1)]               // at the end of memory
    [InlineData(0x1FFFFFUL, 1)]               // gpa + size reaches mem_size (strict rule)
    [InlineData(0xFFFFFFFFFFFFFFFFUL, 2)]     // wraps
    public void Writes_outside_guest_memory_are_refused(ulong gpa, int size)
    {
        using var memory = new GuestMemory(2UL << 20);
        var act = () => memory.DebuggerWrite(gpa, new byte[size]);
        act.Should().Throw<GuestAccessException>().WithMessage("*Invalid guest access*");
    }

    [Fact]
    public void An_inaccessible_page_is_refused()
    {
        using var memory = new GuestMemory(2UL << 20);
        memory.Protect(Text, Page, readable: false, writable: false);
        var act = () => memory.DebuggerWrite(Text, [0xF4]);
        act.Should().Throw<GuestAccessException>().WithMessage("*inaccessible*");
    }
}
