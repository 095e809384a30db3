using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Block;

/// <summary>BLOCK_BASIC against a real file: options and setup checks (docs/hvt-abi.md §7.3), hypercalls 4/5 (docs/hvt-abi.md §4.4).</summary>
public class BlockTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte Pattern(long block, long i) => (byte)(block * 7 + i + 1);

    [KvmTheory]
    [InlineData(512, 1 << 20)]
    [InlineData(4096, 1 << 20)]
    public void The_guest_round_trips_blocks_and_every_range_and_handle_check_holds(int sectorSize, int fileSize)
    {
        var disk = _dir.NewFile("disk", fileSize);
        var r = TenderProcess.Guest("blk", [$"--block:storage={disk}", $"--block-sector-size:storage={sectorSize}"], "verify", "64");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain($"capacity={fileSize} block_size={sectorSize}\n").And.EndWith("SUCCESS\n");
        var data = File.ReadAllBytes(disk);
        long last = fileSize / sectorSize - 1;
        for (long i = 0; i < sectorSize; i++) data[last * sectorSize + i].Should().Be(Pattern(last, i));
    }

    [KvmFact]
    public void Sector_size_option_may_come_before_the_device_option()
    {
        var disk = _dir.NewFile("disk", 8192);
        var r = TenderProcess.Guest("blk", ["--block-sector-size:storage=4096", $"--block:storage={disk}"], "info");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("capacity=8192 block_size=4096\n");
    }

    [KvmFact]
    public void Guest_writes_land_in_the_file_at_their_offsets()
    {
        var disk = _dir.NewFile("disk", 64 * 512, 0xEE);
        TenderProcess.Guest("blk", [$"--block:storage={disk}"], "fill", "3").ShouldSucceedQuietly();
        var data = File.ReadAllBytes(disk);
        for (long b = 0; b < 3; b++)
            for (long i = 0; i < 512; i++) data[b * 512 + i].Should().Be(Pattern(b, i));
        data[(3 * 512)..].Should().AllBeEquivalentTo((byte)0xEE, "nothing else is written");
    }

    [KvmFact]
    public void Guest_reads_see_the_file_contents()
    {
        var content = new byte[4096];
        "0123456789abcdefTAIL"u8.CopyTo(content);
        var disk = _dir.Write("disk", content);
        var r = TenderProcess.Guest("blk", [$"--block:storage={disk}"], "dump");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().EndWith("0123456789abcdef\n");
    }

    [KvmFact]
    public void The_tender_itself_makes_no_alignment_check()
    {
        var disk = _dir.NewFile("disk", 4096);
        TenderProcess.Guest("blk", [$"--block:storage={disk}"], "unaligned").ShouldSucceedQuietly();
        File.ReadAllBytes(disk)[3..11].Should().Equal("solo5net"u8.ToArray());
    }

    [KvmFact]
    public void A_data_buffer_ending_at_mem_size_is_an_invalid_guest_access()
    {
        var disk = _dir.NewFile("disk", 4096);
        TenderProcess.Guest("blk", ["--mem=64", $"--block:storage={disk}"], "bad-buffer")
            .ShouldFailWith($"Invalid guest access: gpa=0x{(64UL << 20) - 512:x}, sz=512");
    }

    [KvmFact]
    public void Backing_storage_not_a_multiple_of_the_block_size_is_refused()
    {
        var disk = _dir.NewFile("disk", 6 * 1024);
        TenderProcess.Guest("blk", [$"--block:storage={disk}", "--block-sector-size:storage=4096"])
            .ShouldFailWith("storage: Backing storage size must be block aligned (4096 bytes)");
    }

    [KvmFact]
    public void Empty_backing_storage_is_refused()
    {
        var disk = _dir.NewFile("disk", 0);
        TenderProcess.Guest("blk", [$"--block:storage={disk}"])
            .ShouldFailWith("storage: Backing storage must be at least 1 block (512 bytes) in size");
    }

    [KvmTheory]
    [InlineData("521")]
    [InlineData("256")]
    [InlineData("0")]
    [InlineData("65536")]
    public void Sector_sizes_that_are_not_a_power_of_two_of_at_least_512_are_refused(string size)
    {
        var disk = _dir.NewFile("disk", 4096);
        var option = $"--block-sector-size:storage={size}";
        var r = TenderProcess.Guest("blk", [$"--block:storage={disk}", option]);
        r.ShouldFailWith("Block size must be a multiple of 2 greater than or equal 512");
        r.Stderr.Should().Contain($"Invalid option: `{option}'");
    }

    [KvmFact]
    public void A_missing_backing_file_is_named()
    {
        var path = _dir.File("none");
        TenderProcess.Guest("blk", [$"--block:storage={path}"]).ShouldFailWith($"Could not open block device: {path}");
    }
}
