using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Manifest;

/// <summary>Every declared device must be attached (docs/hvt-abi.md §7.3).</summary>
public class AttachTests
{
    [KvmFact]
    public void A_declared_block_device_left_unattached_is_refused()
    {
        var r = TenderProcess.Guest("blk");
        r.ShouldFailWith("Device 'storage' of type BLOCK_BASIC declared but not attached.");
        r.Stderr.Should().Contain("All declared devices must be attached. See --help for syntax.");
    }

    [KvmFact]
    public void A_declared_net_device_left_unattached_is_refused()
    {
        TenderProcess.Guest("net").ShouldFailWith("Device 'service0' of type NET_BASIC declared but not attached.");
    }

    [KvmFact]
    public void A_device_of_an_unknown_type_can_never_be_attached_and_types_from_0x40000000_are_ignored()
    {
        var r = TenderProcess.Guest("undefined_type");
        r.ShouldFailWith("Device 'mystery' of type <undefined type> declared but not attached.");
        r.Stderr.Should().NotContain("ignored");
    }

    [KvmFact]
    public void Sixty_three_block_devices_can_all_be_attached_and_used()
    {
        using var dir = new TempDir();
        var options = Enumerable.Range(0, 63)
            .Select(i => $"--block:storage{i}={dir.NewFile($"disk{i}", 4096)}").ToArray();
        var r = TenderProcess.Guest("maxdev", options);
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain("storage0 is handle 1\nstorage62 is handle 63\nSUCCESS\n");
        File.ReadAllBytes(dir.File("disk0"))[..512].Should().AllBeEquivalentTo((byte)0xa0);
        File.ReadAllBytes(dir.File("disk62"))[..512].Should().AllBeEquivalentTo((byte)0xb6);
    }
}
