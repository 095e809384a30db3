using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>A running process's resident memory (VmRSS of /proc/PID/status, KiB), its open
/// descriptors (the entries of /proc/PID/fd) and its threads' names at one moment.</summary>
public sealed record Footprint(long ResidentKib, int Descriptors, IReadOnlyList<string> ThreadNames)
{
    public static Footprint Of(int pid) => new(ProcFs.ResidentKib(pid), ProcFs.DescriptorCount(pid), ProcFs.ThreadNames(pid));

    /// <summary>"5: hvt-tender, vcpu0, ..." — the count, then the names.</summary>
    public string DescribeThreads() => $"{ThreadNames.Count}: {string.Join(", ", ThreadNames)}";
}
