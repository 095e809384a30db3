using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Hypercalls;

/// <summary>Every hypercall, with its devices attached, refuses an argument struct it cannot fully
/// reach, naming the address and the struct size (docs/hvt-abi.md §4.2–4.3).</summary>
public class DeviceHypercallTests : IDisposable
{
    private const ulong MemSize = 16UL << 20;
    private readonly DeviceRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [KvmTheory]
    [InlineData(1, 8)]
    [InlineData(2, 16)]
    [InlineData(3, 24)]
    [InlineData(4, 40)]
    [InlineData(5, 40)]
    [InlineData(6, 32)]
    [InlineData(7, 32)]
    [InlineData(8, 16)]
    public void A_struct_straddling_the_end_of_memory_is_refused_with_its_size(int nr, int size)
    {
        ulong gpa = MemSize - (ulong)size + 1;     // ends one byte past the last allowed end
        var r = _rig.Run(["raw", nr.ToString(), "0x" + gpa.ToString("x")]);
        r.ShouldFailWith($"Invalid guest access: gpa=0x{gpa:x}, sz={size}");
    }

    [KvmTheory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void A_valid_struct_with_a_bad_handle_resumes_the_guest(int nr)
    {
        // raw words: handle 0 (the reserved entry) and zeros: every device call answers EINVAL.
        var r = _rig.Run(["raw", nr.ToString(), "s", "0", "0", "0", "0", "0"]);
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("returned\n");
    }

    [KvmFact]
    public void Poll_reports_a_readable_net_device_by_its_manifest_index()
    {
        using var tender = TenderProcess.Start(_rig.TenderArgs("poll-wait"), _rig.Namespace);
        tender.WaitForLine("polling");
        // Any frame will do: with an address on the host side, a ping sends an ARP request.
        _rig.Namespace.Exec("ip", "addr", "add", "10.0.0.1/24", "dev", "tap0");
        _rig.Namespace.Run("ping", ["-n", "-c", "1", "-W", "1", "10.0.0.2"], TimeSpan.FromSeconds(10));
        tender.WaitForLine("poll ret=1 set=4");   // net is entry 2 (block is 1): bit 2 only
    }
}
