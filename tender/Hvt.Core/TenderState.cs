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
    public uint HostFeatures { get; set; }
    public ulong NetRing { get; set; }
    public ulong ReservationBytes { get; set; }
    public GuestRegion? Reserved { get; set; }
    public VirtualMachine? Vm { get; set; }

    private ulong _nextBootBlock;

    /// <summary>First free byte of the boot area after the manifest copy and the command line.</summary>
    public ulong BootBlocksStart =>
        Alignment.Up(GuestLayout.ManifestBase + (ulong)Solo5Net.Manifest.MftLayout.SizeFor(Kernel.Manifest.Entries.Count) + GuestLayout.CmdlineSize, 8);

    public bool IsAllocatedBootRange(ulong gpa, ulong size) =>
        _nextBootBlock != 0 && gpa >= BootBlocksStart && gpa + size >= gpa && gpa + size <= _nextBootBlock;

    public ulong AllocateBootBlock(ulong size)
    {
        if (_nextBootBlock == 0) _nextBootBlock = BootBlocksStart;
        ulong gpa = _nextBootBlock;
        ulong end = Alignment.Up(gpa + size, 8);
        if (size == 0 || end > GuestLayout.BootBlocksEnd || end < gpa)
            throw new TenderException($"boot area full: cannot place {size} more bytes below 0x{GuestLayout.BootBlocksEnd:x}");
        _nextBootBlock = end;
        return gpa;
    }
}
