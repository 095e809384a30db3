using FluentAssertions;
using Solo5Net.Abi;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Hypercalls;

/// <summary>WALLTIME, POLL and PUTS on guest memory without a VM: each reads and writes exactly its
/// fields of the argument struct (docs/hvt-abi.md §4.3; offsets written out by hand), and a bad argument
/// address is reported with the source line that checked it.</summary>
public sealed class CoreHypercallArgumentTests : IDisposable
{
    private const ulong Size = 4UL << 20, Arg = 0x200000;
    private readonly GuestMemory _memory = new(Size);
    private readonly PollSet _poll = new();
    private readonly HypercallTable _table = new();

    public CoreHypercallArgumentTests()
    {
        new CoreHypercalls(_memory, _poll).Register(_table);
        _memory.Slice(Arg - 16, 64).Fill(0xEE);
    }

    public void Dispose()
    {
        _poll.Dispose();
        _memory.Dispose();
    }

    [Fact]
    public void Walltime_writes_eight_bytes_of_nanoseconds_at_the_argument()
    {
        _table.Dispatch(HvtHypercall.Walltime, Arg);
        BitConverter.ToUInt64(_memory.Slice(Arg, 8)).Should().BeGreaterThan(1_500_000_000UL * 1_000_000_000UL, "it is after 2017");
        _memory.Slice(Arg - 16, 16).ToArray().Should().OnlyContain(b => b == 0xEE);
        _memory.Slice(Arg + 8, 40).ToArray().Should().OnlyContain(b => b == 0xEE);
    }

    [Fact]
    public void Poll_writes_ready_set_at_8_and_ret_at_16_and_nothing_else()
    {
        var arg = _memory.Slice(Arg, 24);
        BitConverter.TryWriteBytes(arg, 0UL).Should().BeTrue();   // timeout_nsecs 0: returns at once
        _table.Dispatch(HvtHypercall.Poll, Arg);
        var bytes = _memory.Slice(Arg - 16, 64).ToArray();
        bytes[..16].Should().OnlyContain(b => b == 0xEE);
        bytes[16..24].Should().OnlyContain(b => b == 0, "timeout_nsecs as the guest wrote it");
        bytes[24..32].Should().OnlyContain(b => b == 0, "ready_set: no sources");
        bytes[32..36].Should().OnlyContain(b => b == 0, "ret: no ready devices");
        bytes[36..].Should().OnlyContain(b => b == 0xEE, "padding and beyond are untouched");
    }

    [Fact]
    public void Puts_checks_the_text_it_points_at()
    {
        var puts = new HvtHcPuts { Data = Size - 4, Len = 8 };
        _memory.Write(Arg, puts);
        var act = () => _table.Dispatch(HvtHypercall.Puts, Arg);
        act.Should().Throw<GuestAccessException>().WithMessage($"CoreHypercalls.cs:*: Invalid guest access: gpa=0x{Size - 4:x}, sz=8");
    }

    [Fact]
    public void A_struct_beyond_memory_is_refused_with_its_size_and_the_checking_line()
    {
        var act = () => _table.Dispatch(HvtHypercall.Poll, Size - 8);
        act.Should().Throw<GuestAccessException>().WithMessage($"CoreHypercalls.cs:*: Invalid guest access: gpa=0x{Size - 8:x}, sz=24");
        var read = () => _memory.Read<HvtHcHalt>(Size - 8);
        read.Should().Throw<GuestAccessException>().WithMessage($"CoreHypercallArgumentTests.cs:*: Invalid guest access: gpa=0x{Size - 8:x}, sz=16");
    }
}
