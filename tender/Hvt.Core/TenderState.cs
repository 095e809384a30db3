using Solo5Net.Abi;

namespace Solo5Net.Hvt;

/// <summary>Everything one tender run accumulates between option parsing and guest exit.</summary>
internal sealed class TenderState(KernelImage kernel, bool verbose)
{
    public KernelImage Kernel { get; } = kernel;
    public bool Verbose { get; } = verbose;
    public HypercallTable Hypercalls { get; } = new();
    public TrapRouter Traps { get; } = new();
    public PollSet Poll { get; } = new();
    public List<HaltHook> HaltHooks { get; } = [];
    public PageTableBuilder PageTables { get; } = new();
    public BootAreaLayout BootArea { get; } = new(kernel.Manifest.Entries.Count);
    public BootBlockAllocator BootBlocks => _bootBlocks ??= new BootBlockAllocator(BootArea);
    public HvtFeatures HostFeatures { get; set; }
    public ulong NetRing { get; set; }
    public ulong ReservationBytes { get; set; }
    public GuestRegion? Reserved { get; set; }
    public VirtualMachine? Vm { get; set; }
    public bool NewFilesAfterSetup { get; set; }

    private BootBlockAllocator? _bootBlocks;
}
