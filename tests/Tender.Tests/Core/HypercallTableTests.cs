using FluentAssertions;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Core;

public class HypercallTableTests
{
    [Fact]
    public void Solo5_ports_are_always_hypercall_ports_and_higher_ones_only_when_registered()
    {
        var table = new HypercallTable();
        table.IsHypercallPort(0x500).Should().BeTrue();
        table.IsHypercallPort(0x508).Should().BeTrue();
        table.IsHypercallPort(0x509).Should().BeFalse();
        table.Register(9, _ => { });
        table.IsHypercallPort(0x509).Should().BeTrue();
        table.IsHypercallPort(0x50A).Should().BeFalse();
        table.IsHypercallPort(0x4FF).Should().BeFalse();
    }

    [Fact]
    public void Unregistered_numbers_are_invalid_hypercalls()
    {
        var table = new HypercallTable();
        table.Invoking(t => t.Dispatch(0, 0)).Should().Throw<TenderException>().WithMessage("Invalid guest hypercall: num=0");
        table.Invoking(t => t.Dispatch(4, 0)).Should().Throw<TenderException>().WithMessage("Invalid guest hypercall: num=4");
    }

    [Fact]
    public void Dispatch_passes_the_argument_and_refuses_double_or_reserved_registration()
    {
        var table = new HypercallTable();
        ulong seen = 0;
        table.Register(5, gpa => seen = gpa);
        table.Dispatch(5, 0x1234);
        seen.Should().Be(0x1234);
        table.Invoking(t => t.Register(5, _ => { })).Should().Throw<InvalidOperationException>();
        table.Invoking(t => t.Register(8, _ => { })).Should().Throw<ArgumentOutOfRangeException>("HALT belongs to the core");
        table.Invoking(t => t.Register(16, _ => { })).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Trap_router_sends_accesses_to_the_covering_range_with_offsets()
    {
        var router = new TrapRouter();
        (ulong Offset, int Length, bool Write)? mmio = null;
        router.AddMmio(0x1_0000_0000, 0x1000, (off, data, w) => { mmio = (off, data.Length, w); data.Fill(7); });
        var buffer = new byte[4];
        router.TryMmio(0x1_0000_0010, buffer, false).Should().BeTrue();
        mmio.Should().Be((0x10UL, 4, false));
        buffer.Should().OnlyContain(b => b == 7);
        router.TryMmio(0x1_0000_0FFE, buffer, true).Should().BeFalse("the access straddles the end of the range");
        router.TryMmio(0x2_0000_0000, buffer, true).Should().BeFalse();
        router.Invoking(r => r.AddMmio(0x1_0000_0800, 0x1000, (_, _, _) => { })).Should().Throw<InvalidOperationException>();

        ushort? port = null;
        router.AddPio(0xC000, 0x20, (off, _, _) => port = off);
        router.TryPio(0xC01F, buffer.AsSpan(0, 1), true).Should().BeTrue();
        port.Should().Be((ushort)0x1F);
        router.TryPio(0xC020, buffer.AsSpan(0, 1), true).Should().BeFalse();
    }
}
