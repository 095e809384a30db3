namespace Solo5Net.TestSupport;

/// <summary>
/// Counts what a per-event path allocates, by bytes rather than by time: the path runs a number of
/// times to warm up (first-use allocations: buffers growing to their working size, lazy statics,
/// the JIT's own), then a number of times measured. Steady state is zero bytes.
/// </summary>
public static class AllocationMeter
{
    /// <summary>Bytes the calling thread allocated in <paramref name="iterations"/> runs of
    /// <paramref name="step"/> after <paramref name="warmUp"/> unmeasured ones. For a path that
    /// stays on the calling thread. An allocation on the path shows in every measurement; on a
    /// loaded machine a one-off one (seen once in a while: 5–8 KB over 5,000 e1000 frames, not
    /// traced; neither a contended lock nor another thread's collections cause it) does not, so
    /// this measures up to <see cref="Attempts"/> times and keeps the least.</summary>
    public static Allocation ThreadBytes(int warmUp, int iterations, Action step)
    {
        for (int i = 0; i < warmUp; i++) step();
        long least = long.MaxValue;
        int steps = warmUp;
        for (int attempt = 0; attempt < Attempts && least > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++) step();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            steps += iterations;
        }
        return new Allocation(least, steps);
    }

    public const int Attempts = 3;
}

/// <summary>What <see cref="AllocationMeter.ThreadBytes"/> measured: the least bytes over its
/// measurements, and how many times the step ran in all (warm-up included).</summary>
public readonly record struct Allocation(long Bytes, int Steps)
{
    public static implicit operator long(Allocation a) => a.Bytes;
}
