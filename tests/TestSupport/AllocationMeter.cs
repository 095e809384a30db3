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
    /// stays on the calling thread.</summary>
    public static long ThreadBytes(int warmUp, int iterations, Action step)
    {
        for (int i = 0; i < warmUp; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++) step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
