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
    public HaltHookList HaltHooks { get; } = new();
    public List<CoreRegion> CoreRegions { get; } = [];
    public List<Action> AbortHooks { get; } = [];
    /// <summary>Ends the run from a module's own thread (set by <see cref="TenderSession"/>).</summary>
    public Action<TenderException> FailRun { get; set; } = e => throw e;
    public PageTableBuilder PageTables { get; } = new();
    public BootBlockAllocator BootBlocks { get; } = new(new BootAreaLayout(kernel.Manifest.Entries.Count));
    public BootAreaLayout BootArea => BootBlocks.Layout;
    public HvtFeatures HostFeatures { get; set; }
    public ulong NetRing { get; set; }
    public ulong ReservationBytes { get; set; }
    public GuestRegion? Reserved { get; set; }
    public VirtualMachine? Vm { get; set; }
    public List<Action> GuestStartHooks { get; } = [];
    public Security.TenderConfinement? Confinement { get; set; }
    public GuestDebugTarget? DebugTarget { get; set; }
    public IGuestDebugger? Debugger { get; set; }
    public string? DebuggerOwner { get; set; }
}
