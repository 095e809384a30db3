using FluentAssertions;
using Xunit;
using Solo5Net.Abi;
using static Solo5Net.Tests.Abi.Golden;

namespace Solo5Net.Tests.Abi;

/// <summary>The hypercall argument structs against bytes written out by hand from docs/hvt-abi.md §4.3 and
/// docs/abi.md §5 (not produced by the code under test). Each struct round-trips: what the guest
/// writes is what the tender reads.</summary>
public class HypercallStructTests
{
    [Fact]
    public void Walltime_is_nsecs_at_0()
    {
        var golden = Hex("0094357700000000");
        BytesOf(new HvtHcWalltime { Nsecs = 2_000_000_000 }).Should().Equal(golden);
        HvtHcWalltime.Size.Should().Be(8);
    }

    [Fact]
    public void Puts_is_data_at_0_and_len_at_8()
    {
        var golden = Hex("0010100000000000 | 0D00000000000000");
        BytesOf(new HvtHcPuts { Data = 0x101000, Len = 13 }).Should().Equal(golden);
        HvtHcPuts.Size.Should().Be(16);
    }

    [Fact]
    public void Poll_is_timeout_at_0_ready_set_at_8_and_ret_at_16()
    {
        var golden = Hex("00CA9A3B00000000 | 0500000000000000 | 02000000 | 00000000");
        BytesOf(new HvtHcPoll { TimeoutNsecs = 1_000_000_000, ReadySet = 5, Ret = 2 }).Should().Equal(golden);
        HvtHcPoll.Size.Should().Be(24);
    }

    [Fact]
    public void Block_is_handle_offset_data_len_and_ret_at_32()
    {
        var golden = Hex("0100000000000000 | 0002000000000000 | 0010100000000000 | 0002000000000000 | 02000000 | AAAAAAAA");
        var request = Read<HvtHcBlock>(golden);
        (request.Handle, request.Offset, request.Data, request.Len, request.Ret).Should().Be((1UL, 0x200UL, 0x101000UL, 512UL, (int)Solo5Result.Invalid));
        HvtHcBlock.Size.Should().Be(40);
    }

    [Fact]
    public void Net_is_handle_data_len_and_ret_at_24()
    {
        var golden = Hex("0200000000000000 | 0030100000000000 | EA05000000000000 | 01000000 | AAAAAAAA");
        var request = Read<HvtHcNet>(golden);
        (request.Handle, request.Data, request.Len, request.Ret).Should().Be((2UL, 0x103000UL, 1514UL, (int)Solo5Result.Again));
        HvtHcNet.Size.Should().Be(32);
    }

    [Fact]
    public void Halt_is_cookie_at_0_and_exit_status_at_8()
    {
        var golden = Hex("0020100000000000 | FFFFFFFF | 00000000");
        BytesOf(new HvtHcHalt { Cookie = 0x102000, ExitStatus = -1 }).Should().Equal(golden);
        HvtHcHalt.Size.Should().Be(16);
        HvtHcHalt.CookieMax.Should().Be(512);
    }

    [Fact]
    public void Pci_config_is_handle_offset_size_value_and_ret()
    {
        var golden = Hex("0500000000000000 | 04000000 | 02000000 | 3412E811 | 02000000");
        BytesOf(new HvtHcPciConfig { Handle = 5, Offset = 4, AccessSize = 2, Value = 0x11e81234, Ret = 2 }).Should().Equal(golden);
        HvtHcPciConfig.Size.Should().Be(24);
    }

    [Fact]
    public void Hypercall_numbers_and_ports_are_the_documented_ones()
    {
        HvtHypercall.PioBase.Should().Be(0x500);
        new[]
        {
            HvtHypercall.Walltime, HvtHypercall.Puts, HvtHypercall.Poll, HvtHypercall.BlockWrite, HvtHypercall.BlockRead,
            HvtHypercall.NetWrite, HvtHypercall.NetRead, HvtHypercall.Halt, HvtHypercall.PciConfigRead, HvtHypercall.PciConfigWrite,
        }.Should().Equal(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        HvtHypercall.Solo5Max.Should().Be(9);
        HvtHypercall.Limit.Should().Be(16);
    }

    [Fact]
    public void Solo5_results_are_the_documented_values()
    {
        new[] { Solo5Result.Ok, Solo5Result.Again, Solo5Result.Invalid, Solo5Result.Unspecified }
            .Select(r => (int)r).Should().Equal(0, 1, 2, 3);
    }
}
