using Solo5Net.Abi;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// What a module sees of the tender. During option parsing: the manifest, registration of
/// hypercalls/poll sources/halt hooks/host features, and memory reservation. During
/// <see cref="ITenderModule.Setup"/> also the VM, guest memory, trapped ranges, guest windows above
/// 4 GiB and blocks in the read-only boot area.
/// </summary>
public sealed class ModuleSetupContext
{
    private readonly TenderState _state;

    internal ModuleSetupContext(TenderState state) => _state = state;

    /// <summary>The executable's path as given on the command line (for messages).</summary>
    public string KernelPath => _state.Kernel.Path;

    /// <summary>The manifest; entries may be changed (attached, device fields) until boot info is written.</summary>
    public Mft Manifest => _state.Kernel.Manifest;

    /// <summary>Guest memory (only from <see cref="ITenderModule.Setup"/> on).</summary>
    public GuestMemory Memory => Vm.Memory;

    /// <summary>The VM (only from <see cref="ITenderModule.Setup"/> on).</summary>
    public VirtualMachine Vm => _state.Vm ?? throw new InvalidOperationException("the VM exists only from Setup on");

    /// <summary>--verbose was given: modules may print extra diagnostics with <see cref="Warn"/>.</summary>
    public bool Verbose => _state.Verbose;

    public void RegisterHypercall(int number, HypercallHandler handler) => _state.Hypercalls.Register(number, handler);

    /// <summary>When <paramref name="fd"/> is readable, POLL reports bit <paramref name="manifestIndex"/> and then calls
    /// <paramref name="onReported"/> (e.g. to consume an eventfd); <paramref name="beforeWait"/> runs at the start of
    /// every POLL (e.g. to re-arm a level-triggered interrupt once the guest has had a chance to handle it).</summary>
    public void RegisterPollSource(int fd, int manifestIndex, Action? onReported = null, Action? beforeWait = null) =>
        _state.Poll.Add(fd, manifestIndex, onReported, beforeWait);

    /// <summary>Guest accesses to [gpa, gpa + length) that exit to the tender (no memslot there) go to <paramref name="handler"/>.</summary>
    public void RegisterMmio(ulong gpa, ulong length, MmioHandler handler) => _state.Traps.AddMmio(gpa, length, handler);

    /// <summary>Guest IN/OUT on ports [port, port + count) go to <paramref name="handler"/>.</summary>
    public void RegisterPio(ushort port, ushort count, PioHandler handler) => _state.Traps.AddPio(port, count, handler);

    /// <summary>
    /// A module that creates a file after set-up (--dumpcore) asks for it here: the seccomp filter
    /// then lets opens with O_CREAT|O_EXCL through (a new file; existing files still never open for writing).
    /// </summary>
    public void AllowNewFilesAfterSetup() => NewFilesAfterSetup = true;

    internal bool NewFilesAfterSetup { get; private set; }

    /// <summary>Hooks run in registration order when the guest halts or the tender exits on a signal.</summary>
    public void RegisterHaltHook(HaltHook hook) => _state.HaltHooks.Add(hook);

    /// <summary>ORs <paramref name="flag"/> into hvt_boot_info.host_features.</summary>
    public void AddHostFeature(HvtFeatures flag) => _state.HostFeatures |= flag;

    /// <summary>Sets hvt_boot_info.net_ring to the GPA of an active network ring (hvt-abi.md §5.1).</summary>
    public void SetNetRing(ulong gpa) => _state.NetRing = gpa;

    /// <summary>
    /// Asks (during option parsing) for <paramref name="bytes"/> of guest-physical memory right above
    /// the guest-visible RAM, withheld from mem_size (hvt-abi.md §1.2 ring carve-out). The region is
    /// available as <see cref="ReservedRegion"/> in Setup.
    /// </summary>
    public void ReserveMemoryAboveGuest(ulong bytes)
    {
        if (_state.Vm != null) throw new InvalidOperationException("memory can only be reserved before the VM exists");
        _state.ReservationBytes += bytes;
    }

    /// <summary>The region reserved with <see cref="ReserveMemoryAboveGuest"/>, or null.</summary>
    public GuestRegion? ReservedRegion => _state.Reserved;

    /// <summary>
    /// Makes [gpa, gpa + size) at or above 4 GiB reachable by the guest: guest page-table entries with
    /// <paramref name="cacheMode"/>, backed by <paramref name="hostAddress"/> through a new KVM memslot,
    /// or — when <paramref name="hostAddress"/> is 0 — left without a memslot so every access traps
    /// (register a handler with <see cref="RegisterMmio"/>). Both must be 4 KiB aligned.
    /// </summary>
    public void MapGuestWindow(ulong gpa, ulong size, CacheMode cacheMode, nint hostAddress = 0)
    {
        var vm = Vm;
        _state.PageTables.MapWindow(vm.Memory.HostSlice(0, GuestLayout.BootAreaEnd), gpa, size, cacheMode);
        if (hostAddress != 0) vm.AddMemorySlot(gpa, size, hostAddress);
    }

    /// <summary>Reserves <paramref name="size"/> bytes (8-byte aligned) in the read-only boot area after the command line; returns the GPA.</summary>
    public ulong AllocateBootBlock(ulong size) => _state.AllocateBootBlock(size);

    /// <summary>The bytes of a block returned by <see cref="AllocateBootBlock"/> (host-writable; the guest sees them read-only).</summary>
    public Span<byte> BootBlock(ulong gpa, ulong size)
    {
        if (!_state.IsAllocatedBootRange(gpa, size))
            throw new ArgumentOutOfRangeException(nameof(gpa), $"0x{gpa:x}+{size} is not inside an allocated boot block");
        return Memory.HostSlice(gpa, size);
    }

    /// <summary>Prints "hvt-tender: &lt;message&gt;" on stderr.</summary>
    public void Warn(string message) => Diagnostics.Report(message);
}
