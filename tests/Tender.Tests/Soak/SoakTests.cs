using System.Diagnostics;
using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit.Abstractions;

namespace Solo5Net.Tests.Tender.Soak;

/// <summary>
/// A guest makes a million mixed device operations (tests/guests/soak.c: valid WALLTIME, PUTS,
/// POLL, block round trips, frames on a tap, ring I/O; and requests the tender must answer EINVAL)
/// against a block file and a tap in a private namespace. The run completes with every result as
/// the ABI says, while the tender's resident memory stays flat and its descriptor count constant.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Operations = 1_000_000;

    /// <summary>Samples taken in the first fifth of the run (JIT tiering, GC heap sizing, page
    /// faults on first touch of guest RAM and the block file cache) are warm-up.</summary>
    private const int WarmupSamples = 10;

    /// <summary>Allowed RSS growth after warm-up. The tender's per-call paths allocate nothing that
    /// survives a call, so a leak of even 8 bytes per operation would show as 6+ MiB over the
    /// remaining 800,000 operations; 2 MiB covers the GC's gen0 budget adjustments and the
    /// runtime's own lazily touched pages (measured: see docs/guest-boundary.md).</summary>
    private const long AllowedGrowthKib = 2048;

    private sealed record Sample(int Progress, long RssKib, int Fds);

    [KvmFact]
    public void A_million_mixed_operations_leave_memory_flat_and_descriptors_constant()
    {
        using var ns = NetNamespace.Create();
        using var dir = new TempDir();
        ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        ns.AddTap("tap0");
        var disk = dir.NewFile("disk", 64 * 1024);
        var clock = Stopwatch.StartNew();
        using var tender = TenderProcess.Start(
            ["--mem=16", $"--block:storage={disk}", "--net:service0=tap0", Guests.Path("soak"), "soak", Operations.ToString()], ns);
        var samples = new List<Sample>();
        string? done = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline && tender.NextLine(deadline - DateTime.UtcNow) is { } line)
        {
            // The last progress line comes just before the guest halts: by the time it is read the
            // tender may be releasing its devices or gone, so that one is not sampled.
            if (line.StartsWith("progress ") && int.Parse(line[9..]) is var progress)
            {
                if (progress < Operations) samples.Add(new Sample(progress, ProcFs.ResidentKib(tender.Pid), ProcFs.DescriptorCount(tender.Pid)));
            }
            else if (line.StartsWith("done ")) done = line;
            else output.WriteLine("guest: " + line);
        }
        var exitCode = tender.WaitForExit(TimeSpan.FromSeconds(30));
        exitCode.Should().NotBeNull("the tender exits after the guest");
        var elapsed = clock.Elapsed;

        output.WriteLine($"{done} in {elapsed.TotalSeconds:F1} s");
        foreach (var s in samples.Where((_, i) => i % 5 == 0 || i == samples.Count - 1))
            output.WriteLine($"  after {s.Progress,8} operations: VmRSS {s.RssKib} KiB, {s.Fds} fds");

        exitCode.Should().Be(0, $"every result was the expected one\n{done}\n{tender.Stderr}");
        tender.Stderr.Should().BeEmpty();
        done.Should().StartWith($"done ops={Operations} ").And.EndWith(" bad=0");
        samples.Should().HaveCount(49, "the guest reports progress 50 times, the last just before it halts");
        samples.Select(s => s.Fds).Distinct().Should().HaveCount(1, "no descriptor is opened or leaked per operation");
        var baseline = samples[WarmupSamples - 1].RssKib;
        var peak = samples.Skip(WarmupSamples).Max(s => s.RssKib);
        output.WriteLine($"RSS after warm-up {baseline} KiB, peak afterwards {peak} KiB (growth {peak - baseline} KiB)");
        peak.Should().BeLessThanOrEqualTo(baseline + AllowedGrowthKib, "resident memory stays flat after warm-up");
    }
}
