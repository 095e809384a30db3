namespace Solo5Net.Hvt;

/// <summary>Hypercall numbers and ports (docs/hvt-abi.md §4.1, docs/abi.md §5).</summary>
public static class Hypercall
{
    public const ushort PortBase = 0x500;

    public const int Walltime = 1, Puts = 2, Poll = 3, BlockWrite = 4, BlockRead = 5, NetWrite = 6,
        NetRead = 7, Halt = 8, PciConfigRead = 9, PciConfigWrite = 10;

    /// <summary>Solo5's HVT_HYPERCALL_MAX: ports 0x500–0x508 are hypercalls whether or not registered.</summary>
    public const int Solo5Max = 9;

    /// <summary>Hypercall numbers a module may register (ports 0x500–0x50F).</summary>
    public const int Limit = 16;

    /// <summary>solo5_result_t.</summary>
    public const int ResultOk = 0, ResultAgain = 1, ResultInvalid = 2, ResultUnspecified = 3;
}
