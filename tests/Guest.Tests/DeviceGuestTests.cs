using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>Block and network devices through the C# bindings, on the real tender.</summary>
public sealed class DeviceGuestTests
{
    [KvmTheory]
    [InlineData(null)]
    [InlineData(4096)]
    public void Blk_follows_every_block_io_rule(int? sectorSize)
    {
        using var disk = TempFile.Create(4 * 1024 * 1024);
        var options = new List<string> { $"--block:storage={disk.Path}" };
        if (sectorSize != null) options.Add($"--block-sector-size:storage={sectorSize}");
        var r = GuestImages.Run("blk", tenderOptions: options, timeout: TimeSpan.FromSeconds(120));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("SUCCESS");
        // What the guest wrote is on the host file: block 64 starts with its pattern (64 + i*7).
        var bytes = File.ReadAllBytes(disk.Path);
        var blockSize = sectorSize ?? 512;
        bytes[64 * blockSize].Should().Be(64);
        bytes[64 * blockSize + 1].Should().Be(64 + 7);
    }

    [KvmFact]
    public void Sixty_three_block_devices_first_and_last_usable()
    {
        var disks = Enumerable.Range(0, 63).Select(_ => TempFile.Create(4096)).ToList();
        try
        {
            var r = GuestImages.Run("maxdevices", tenderOptions: disks.Select((d, i) => $"--block:storage{i}={d.Path}"));
            r.ExitCode.Should().Be(0, r.ToString());
            r.Stdout.Should().Contain("SUCCESS");
        }
        finally { disks.ForEach(d => d.Dispose()); }
    }

    [KvmFact]
    public void Net_answers_arp_and_ping_on_a_private_tap()
    {
        var output = PingGuest(5);
        // This tender offers ring I/O (KVM ioeventfd): the guest must have used it.
        output.Should().Contain("Solo5: net: ring I/O at 0x");
    }

    [KvmFact]
    public void Net_keeps_answering_a_burst_of_pings_without_growing_its_heap()
    {
        // 300 echo requests back to back (ping -A sends the next as soon as a reply is in, so the
        // burst runs at the guest's own pace, also where it is slow, instead of overflowing the
        // tap's queue); the guest reuses one frame buffer (no allocation per frame).
        var output = PingGuest(300, adaptive: true);
        output.Should().Contain("SUCCESS");
    }

    private static string PingGuest(int count, bool adaptive = false)
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap100", "10.0.0.1/24");
        using var guest = BackgroundProcess.StartTool("hvt-tender",
            ["--net:service0=tap100", "--", GuestImages.PathOf("net"), "--solo5:debug", "limit", count.ToString()], ns);
        // The guest prints its MTU once it owns the device: ping only then, or ARP may give up on a
        // guest still starting (seconds on an emulated machine) and ping stop at its errors.
        guest.WaitForOutput("MTU is ", TimeSpan.FromSeconds(120)).Should().BeTrue(guest.Describe());
        string[] pace = adaptive ? ["-A"] : ["-i", "0.2"];
        var ping = ns.Run("ping", ["-c", count.ToString(), .. pace, "-w", "60", "10.0.0.2"], TimeSpan.FromSeconds(90));
        ping.ExitCode.Should().Be(0, ping.ToString());
        // -A keeps a few requests in flight, so ping may send (and get answers to) a few more than count.
        var received = System.Text.RegularExpressions.Regex.Match(ping.Stdout, @" (\d+) received");
        received.Success.Should().BeTrue(ping.ToString());
        int.Parse(received.Groups[1].Value).Should().BeGreaterThanOrEqualTo(count, ping.ToString());
        guest.WaitForExit(TimeSpan.FromSeconds(30)).Should().Be(0, guest.Describe() + "\nthe guest exits after the echo replies");
        guest.Stdout.Should().Contain("SUCCESS").And.MatchRegex("MTU is [0-9]+");
        return guest.Stdout;
    }
}

/// <summary>A zero-filled temporary file, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public string Path { get; }

    private TempFile(string path) => Path = path;

    public static TempFile Create(long size)
    {
        var path = System.IO.Path.GetTempFileName();
        using (var f = File.OpenWrite(path)) f.SetLength(size);
        return new TempFile(path);
    }

    public void Dispose() => File.Delete(Path);
}
