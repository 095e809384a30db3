using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>block: single-block (512 B) BLOCK_READ and BLOCK_WRITE hypercalls of the blkbench
/// guest on a 4 MiB file, against the floor doing the same pread/pwrite per exit. The cost per
/// call is (time with N calls − time with none) / N; throughput = 512 B / that cost.</summary>
public static class BlockBench
{
    private const int BlockSize = 512;

    public static void Run(BenchOptions o, Report report)
    {
        var disk = Path.Combine(Path.GetTempPath(), $"hvt-bench-{Environment.ProcessId}.disk");
        try
        {
            using (var f = File.Create(disk)) f.SetLength(4 << 20);
            var runs = Math.Max(3, o.Runs / 3);
            report.Columns("hvt-tender", "kvm_floor (C)");
            foreach (var mode in new[] { "write", "read" })
            {
                string N(long n) => n.ToString(CultureInfo.InvariantCulture);
                var tender = new Subject("hvt-tender", o.Tender,
                    n => ["--mem=" + BootBench.MemoryMiB, "--block:storage=" + disk, o.Guest("blkbench"), mode, N(n)]);
                var floor = new Subject("kvm_floor", o.Floor,
                    n => ["-b", disk, N(BootBench.MemoryMiB), o.Guest("blkbench"), mode, N(n)]);
                tender.Warm();
                floor.Warm();
                var (call, callFloor) = Subject.PerUnitMicroseconds(tender, floor, runs, o.Blocks);
                report.Row($"BLOCK_{mode.ToUpperInvariant()} of {BlockSize} B, per call ({o.Blocks} calls, {runs} runs)", call, callFloor, "µs");
                report.Row($"BLOCK_{mode.ToUpperInvariant()} throughput", BlockSize / call, BlockSize / callFloor, "MB/s", "F2");
            }
            report.Note("Throughput ratios are tender/floor, so below 1 means slower than the floor.");
        }
        finally
        {
            File.Delete(disk);
        }
    }
}
