using Solo5Net.Abi;
using Solo5Net.Interop;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// What a module sees in <see cref="ITenderModule.Setup"/>, once the VM, guest memory and vCPU
/// exist: guest memory through its checked accessor, the region reserved for it, hypercalls, poll
/// sources, trapped ranges, guest windows above 4 GiB, blocks in the read-only boot area and halt
/// hooks. Raw KVM stays with the core.
/// </summary>
public sealed class ModuleSetupContext
{
    private readonly TenderState _state;
    private readonly VirtualMachine _vm;

    internal ModuleSetupContext(TenderState state, VirtualMachine vm)
    {
        _state = state;
        _vm = vm;
    }

    /// <summary>The executable's path as given on the command line (for messages).</summary>
    public string KernelPath => _state.Kernel.Path;

    /// <summary>The manifest; entries may be changed (attached, device fields) until boot info is written.</summary>
    public Mft Manifest => _state.Kernel.Manifest;

    /// <summary>--verbose was given: modules may print extra diagnostics with <see cref="Warn"/>.</summary>
    public bool Verbose => _state.Verbose;

    /// <summary>Guest memory; every access on the guest's behalf goes through its checks.</summary>
    public GuestMemory Memory => _vm.Memory;

    /// <summary>The region reserved with <see cref="ModuleOptionContext.ReserveMemoryAboveGuest"/>, or null.</summary>
    public GuestRegion? ReservedRegion => _state.Reserved;

    /// <summary>KVM_CAP_IOEVENTFD is available (ring I/O and doorbells may use ioeventfds).</summary>
    public bool SupportsIoeventfd => _vm.SupportsIoeventfd;

    /// <summary>KVM signals <paramref name="eventFd"/> on every <paramref name="length"/>-byte OUT to <paramref name="port"/>
    /// instead of exiting to the tender (KVM_IOEVENTFD).</summary>
    public void AddPortIoeventfd(int eventFd, ushort port, uint length) => _vm.Vm.AddIoeventfd(eventFd, port, length, pio: true);

    /// <summary>The vCPU's registers now (for a core file after the guest stopped).</summary>
    public (KvmRegs Registers, KvmSregs Special) ReadCpuState() => (_vm.Vcpu.GetRegs(), _vm.Vcpu.GetSregs());

    public void RegisterHypercall(int number, HypercallHandler handler) => _state.Hypercalls.Register(number, handler);

    /// <summary>When <paramref name="fd"/> is readable, POLL reports bit <paramref name="manifestIndex"/> and then calls
    /// <paramref name="onReported"/> (e.g. to consume an eventfd); <paramref name="beforeWait"/> runs at the start of
    /// every POLL (e.g. to re-arm a level-triggered interrupt once the guest has had a chance to handle it).</summary>
    public void RegisterPollSource(int fd, int manifestIndex, Action? onReported = null, Action? beforeWait = null) =>
        _state.Poll.Add(fd, manifestIndex, onReported, beforeWait);

    /// <summary>Like the other overload, but <paramref name="filter"/> runs when <paramref name="fd"/> is readable
    /// and decides whether POLL reports it (e.g. an interrupt of a masked MSI-X vector is consumed and held back).</summary>
    public void RegisterFilteredPollSource(int fd, int manifestIndex, Func<bool> filter, Action? beforeWait = null) =>
        _state.Poll.AddFiltered(fd, manifestIndex, filter, beforeWait);

    /// <summary>Guest accesses to [gpa, gpa + length) that exit to the tender (no memslot there) go to <paramref name="handler"/>.</summary>
    public void RegisterMmio(ulong gpa, ulong length, MmioHandler handler) => _state.Traps.AddMmio(gpa, length, handler);

    /// <summary>Guest IN/OUT on ports [port, port + count) go to <paramref name="handler"/>.</summary>
    public void RegisterPio(ushort port, ushort count, PioHandler handler) => _state.Traps.AddPio(port, count, handler);

    /// <summary>Runs <paramref name="hook"/> on the main thread once the tender is confined and
    /// without privileges, just before the vCPU thread starts: a module starts its own threads here,
    /// so that they inherit no capabilities and can narrow themselves (<see cref="EnterThreadRole"/>).</summary>
    public void RegisterGuestStartHook(Action hook) => _state.GuestStartHooks.Add(hook);

    /// <summary>Narrows the calling thread's seccomp filter to <paramref name="role"/> (docs/security.md);
    /// nothing when the tender runs unconfined (--no-seccomp).</summary>
    public void EnterThreadRole(Security.ThreadRoles role) => _state.Confinement?.EnterRole(role);

    /// <summary>Runs <paramref name="hook"/> when the guest halts or the tender exits on a signal or an error:
    /// <see cref="HaltPhase.Inspect"/> hooks first, then <see cref="HaltPhase.Release"/> hooks, each in registration order,
    /// always after the vCPU thread has stopped and the windows' memory slots are deleted.</summary>
    public void RegisterHaltHook(HaltHook hook, HaltPhase phase = HaltPhase.Release) => _state.HaltHooks.Add(hook, phase);

    /// <summary>Asks for <paramref name="region"/> in a guest core file (--dumpcore), next to guest RAM.</summary>
    public void AddCoreRegion(CoreRegion region) => _state.CoreRegions.Add(region);

    /// <summary>The regions modules asked to have in a core file, in the order they were added.</summary>
    public IReadOnlyList<CoreRegion> CoreRegions => _state.CoreRegions;

    /// <summary>
    /// When a signal ends the run and the vCPU does not stop at once, <paramref name="abort"/> runs on
    /// another thread to make whatever the vCPU waits for in this module fail now (e.g. shut down a
    /// vfio-user connection). It must not take a lock the vCPU thread may hold.
    /// </summary>
    public void RegisterAbortHook(Action abort) => _state.AbortHooks.Add(abort);

    /// <summary>
    /// Ends the run from a thread of the module's own (the net ring): the vCPU is stopped, the halt
    /// hooks run and the tender prints <paramref name="error"/> and exits 1, as if the vCPU had failed.
    /// The calling thread should return afterwards.
    /// </summary>
    public void FailRun(TenderException error) => _state.FailRun(error);

    /// <summary>The stopped guest as a debugger sees it (registers, memory, KVM guest debugging).</summary>
    public GuestDebugTarget DebugTarget => _state.DebugTarget ??= new GuestDebugTarget(_vm);

    /// <summary>
    /// Fails with one line naming both options when a module before this one attached a debugger:
    /// a module that must wait for something before it can attach (gdb's connection) calls this first.
    /// </summary>
    public void RequireNoDebugger(string option)
    {
        if (_state.DebuggerOwner is { } owner)
            throw new TenderException($"{option} cannot be used with {owner}: one debugger per run");
    }

    /// <summary>Runs <paramref name="debugger"/> before the guest's first instruction and at every KVM
    /// debug exit; one debugger per run, named by the option that asked for it (<paramref name="option"/>).</summary>
    public void AttachDebugger(IGuestDebugger debugger, string option)
    {
        RequireNoDebugger(option);
        _state.Debugger = debugger;
        _state.DebuggerOwner = option;
    }

    /// <summary>ORs <paramref name="flag"/> into hvt_boot_info.host_features.</summary>
    public void AddHostFeature(HvtFeatures flag) => _state.HostFeatures |= flag;

    /// <summary>Sets hvt_boot_info.net_ring to the GPA of an active network ring (docs/hvt-abi.md §5.1).</summary>
    public void SetNetRing(ulong gpa) => _state.NetRing = gpa;

    /// <summary>The lowest GPA a guest window may use: the end of guest memory (and the memory reserved
    /// above it) rounded up to 2 MiB.</summary>
    public ulong WindowsBase => _state.PageTables.WindowsBase;

    /// <summary>
    /// Makes [gpa, gpa + size) above guest memory (at or above <see cref="WindowsBase"/>; PCI windows
    /// normally at or above 4 GiB, docs/abi.md §4) reachable by the guest: guest page-table entries with
    /// <paramref name="cacheMode"/>, backed by <paramref name="hostAddress"/> through a new KVM memslot,
    /// or — when <paramref name="hostAddress"/> is 0 — left without a memslot so every access traps
    /// (register a handler with <see cref="RegisterMmio"/>). Both must be 4 KiB aligned.
    /// </summary>
    public void MapGuestWindow(ulong gpa, ulong size, CacheMode cacheMode, nint hostAddress = 0)
    {
        _state.PageTables.MapWindow(_vm.Memory.HostSlice(0, GuestLayout.BootAreaEnd), gpa, size, cacheMode);
        if (hostAddress != 0) _vm.AddMemorySlot(gpa, size, hostAddress);
    }

    /// <summary>Reserves <paramref name="size"/> bytes (8-byte aligned) in the read-only boot area after the command line; returns the GPA.</summary>
    public ulong AllocateBootBlock(ulong size) => _state.BootBlocks.Allocate(size);

    /// <summary>The bytes of a block returned by <see cref="AllocateBootBlock"/> (host-writable; the guest sees them read-only).</summary>
    public Span<byte> BootBlock(ulong gpa, ulong size)
    {
        if (!_state.BootBlocks.Contains(gpa, size))
            throw new ArgumentOutOfRangeException(nameof(gpa), $"0x{gpa:x}+{size} is not inside an allocated boot block");
        return _vm.Memory.HostSlice(gpa, size);
    }

    /// <summary>Prints "hvt-tender: &lt;message&gt;" on stderr.</summary>
    public void Warn(string message) => Diagnostics.Report(message);
}
