using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Hypercalls;

/// <summary>Hypercalls 1–8 with valid and invalid arguments (docs/hvt-abi.md §4), issued by the hcall guest.</summary>
public class HypercallTests
{
    private const ulong MemSize = 64UL << 20;
    private static readonly string[] Mem64 = ["--mem=64"];

    [KvmFact]
    public void Walltime_returns_realtime_nanoseconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        var r = TenderProcess.Guest("hcall", [], "walltime");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L + 1_000_000L;
        r.ShouldSucceedQuietly();
        var ns = long.Parse(r.Stdout.Trim());
        ns.Should().BeInRange(before, after);
    }

    [KvmFact]
    public void Puts_of_a_buffer_ending_one_byte_below_mem_size_is_allowed()
    {
        var r = TenderProcess.Guest("hcall", Mem64, "puts-last-byte");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("Z\n", "the guest wrote the one byte 'Z' (the runner ends the last line)");
    }

    [KvmFact]
    public void Puts_of_a_buffer_ending_exactly_at_mem_size_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "puts-end-at-mem")
            .ShouldFailWith($"Invalid guest access: gpa=0x{MemSize - 1:x}, sz=1");
    }

    [KvmFact]
    public void Puts_beyond_memory_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "puts-beyond")
            .ShouldFailWith($"Invalid guest access: gpa=0x{MemSize + 0x1000:x}, sz=4");
    }

    [KvmFact]
    public void Puts_whose_end_wraps_around_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "puts-overflow")
            .ShouldFailWith($"Invalid guest access: gpa=0x100000, sz={0xfffffffffffff000UL}");
    }

    [KvmFact]
    public void Puts_from_gpa_0_passes_the_check_because_there_is_no_lower_bound()
    {
        var r = TenderProcess.Guest("hcall", Mem64, "puts-zero-page");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("\0\0\0\0\n");
    }

    [KvmFact]
    public void An_argument_struct_outside_memory_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "struct-beyond")
            .ShouldFailWith($"Invalid guest access: gpa=0x{MemSize + 0x100:x}, sz=8");
    }

    [KvmFact]
    public void An_argument_struct_ending_exactly_at_mem_size_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "struct-at-end")
            .ShouldFailWith($"Invalid guest access: gpa=0x{MemSize - 8:x}, sz=8");
    }

    [KvmFact]
    public void Poll_with_a_bad_struct_pointer_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "poll-bad").ShouldFailWith("Invalid guest access: gpa=0xfffffff0, sz=24");
    }

    [KvmFact]
    public void Poll_with_timeout_0_returns_with_no_ready_devices()
    {
        var r = TenderProcess.Guest("hcall", [], "poll-zero");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("poll ret=0 set=0\n");
    }

    [KvmTheory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Hypercalls_without_a_handler_are_refused(int nr)
    {
        TenderProcess.Guest("hcall", [], "nr", nr.ToString()).ShouldFailWith($"Invalid guest hypercall: num={nr}");
    }

    [KvmTheory]
    [InlineData(0x509)]
    [InlineData(0x4ff)]
    [InlineData(0x600)]
    [InlineData(0x80)]
    public void Outs_to_ports_outside_the_hypercall_range_are_refused(int port)
    {
        TenderProcess.Guest("hcall", [], "port", "0x" + port.ToString("x"))
            .ShouldFailWith($"Invalid guest port access: port=0x{port:x}");
    }

    [KvmTheory]
    [InlineData("in")]
    [InlineData("outw")]
    [InlineData("outb")]
    public void In_instructions_and_outs_of_size_other_than_4_are_refused(string scenario)
    {
        TenderProcess.Guest("hcall", [], scenario).ShouldFailWith("Invalid guest port access: port=0x501");
    }

    [KvmFact]
    public void Halt_with_a_valid_cookie_exits_with_the_status()
    {
        TenderProcess.Guest("hcall", Mem64, "halt-cookie", "0x100000").ShouldExitWith(7);
    }

    [KvmFact]
    public void Halt_with_a_cookie_ending_at_mem_size_is_refused()
    {
        TenderProcess.Guest("hcall", Mem64, "halt-cookie-end")
            .ShouldFailWith($"Invalid guest access: gpa=0x{MemSize - 512:x}, sz=512");
    }
}
