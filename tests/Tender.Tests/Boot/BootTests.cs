using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Boot;

/// <summary>Minimal guests boot, see their command line and memory as docs/hvt-abi.md §1–3 says.</summary>
public class BootTests
{
    [KvmFact]
    public void Hello_receives_the_command_line_exactly()
    {
        var r = TenderProcess.Guest("hello", [], "Hello_Solo5");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("Hello, world\nCommand line is: 'Hello_Solo5'\n");
    }

    [KvmFact]
    public void Guest_arguments_are_joined_with_single_spaces_and_may_start_with_dashes()
    {
        var r = TenderProcess.Run("--", Guests.Path("hello"), "--solo5:quiet", "-x", "a=b", "--mem=2");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain("Command line is: '--solo5:quiet -x a=b --mem=2'");
    }

    [KvmFact]
    public void Quiet_guest_run_prints_nothing_at_all()
    {
        var r = TenderProcess.Guest("quiet");
        r.ShouldSucceedQuietly();
        r.Output.Should().BeEmpty();
    }

    [KvmFact]
    public void A_4KiB_console_write_arrives_whole_and_unchanged()
    {
        var r = TenderProcess.Guest("output");
        r.ShouldSucceedQuietly();
        var expected = string.Concat(Enumerable.Range(0, 64).Select(line =>
            new string(Enumerable.Range(0, 63).Select(col => (char)('A' + (line + col) % 26)).ToArray()) + "\n"));
        r.Stdout.Should().Be(expected);
    }

    [KvmFact]
    public void Initialised_data_is_loaded_writable_and_bss_is_zero()
    {
        var r = TenderProcess.Guest("globals");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("SUCCESS\n");
    }

    [KvmFact]
    public void Boot_info_and_entry_state_follow_the_abi()
    {
        var r = TenderProcess.Guest("bootinfo", ["--mem=64"], "four", "words", "of", "args");
        r.ShouldSucceedQuietly();
        var f = BootInfoFields(r.Stdout);
        f["boot_info"].Should().Be(0x10000);
        f["entry_rdi"].Should().Be(0x10000);
        f["mem_size"].Should().Be(64UL << 20);
        f["entry_rsp"].Should().Be((64UL << 20) - 8);
        f["entry_rflags"].Should().Be(0x2);
        f["mft"].Should().Be(0x10038);
        f["mft_entries"].Should().Be(1);
        f["cmdline"].Should().Be(0x100A8, "one manifest entry: 0x10038 + 8 + 104");
        f["cmdline_len"].Should().Be((ulong)"four words of args".Length);
        f["kernel_end"].Should().Be(ExpectedKernelEnd("bootinfo"));
        f["cpu_cycle_freq_nonzero"].Should().Be(1);
        f["cpu_cycle_freq_mod_1000"].Should().Be(0);
        f["host_features"].Should().Be(0, "no ring without a net device");
        f["net_ring"].Should().Be(0);
        (f["cr0"] & ~0x10UL).Should().Be(0x80010021, "PE, NE, WP and PG as the tender sets them; ET (bit 4) reads as 1 on "
            + "CPUs that hard-wire it, e.g. under nested SVM (docs/platform.md §7)");
        f["cr3"].Should().Be(0x2000);
        f["cr4"].Should().Be(0x620);
    }

    [KvmFact]
    public void Memory_is_rounded_down_to_2MiB_with_a_warning()
    {
        var r = TenderProcess.Guest("bootinfo", ["--mem=65"]);
        r.ShouldExitWith(0);
        r.Stderr.Should().Be(TenderProcess.Prefix + $"adjusting memory to {64 << 20} bytes\n");
        BootInfoFields(r.Stdout)["mem_size"].Should().Be(64UL << 20);
    }

    [KvmFact]
    public void Default_memory_is_512MiB()
    {
        var r = TenderProcess.Guest("bootinfo");
        r.ShouldSucceedQuietly();
        BootInfoFields(r.Stdout)["mem_size"].Should().Be(512UL << 20);
    }

    /// <summary>kernel_end: highest page-aligned end of the loaded segments; BSS-only ones excluded.</summary>
    private static ulong ExpectedKernelEnd(string guest) =>
        ElfPatch.Of(guest).Phdrs.Where(p => p.Type == ElfPatch.PT_LOAD && p.FileSize > 0)
            .Max(p => (p.VAddr + p.MemSize + 0xFFF) & ~0xFFFUL);

    public static Dictionary<string, ulong> BootInfoFields(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('='))
            .ToDictionary(p => p[0], p => Convert.ToUInt64(p[1], 16));
}
