using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>A running process's resident memory (VmRSS of /proc/PID/status, KiB) and its open
/// descriptors (the entries of /proc/PID/fd) at one moment.</summary>
public sealed record Footprint(long ResidentKib, int Descriptors)
{
    public static Footprint Of(int pid) => new(ProcFs.ResidentKib(pid), ProcFs.DescriptorCount(pid));
}
