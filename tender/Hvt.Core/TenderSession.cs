using System.Runtime.InteropServices;
using System.Text;
using Solo5Net.Abi;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// One tender run after the command line is parsed: memory sizing, KVM and guest memory, ELF
/// load, vCPU state, module setup, boot info, then the guest on its own thread until HALT, an
/// error or SIGINT/SIGTERM (docs/hvt-abi.md §8.3). Prints nothing on success.
/// </summary>
public sealed class TenderSession
{
    private readonly TenderState _state;
    private readonly IReadOnlyList<ITenderModule> _modules;
    // 1 once a HALT or a signal has claimed the exit: whichever comes first acts. An Interlocked
    // flag rather than a lock: creating a Lock reads its spin settings from the environment, which
    // a boot would pay for.
    private int _exitClaimed;
    private VcpuThread? _vcpu;
    private TenderException? _moduleFailure;

    /// <summary>After SIGINT/SIGTERM the process is gone within this, whatever a device peer does
    /// (docs/security.md): if the orderly exit has not finished by then, it ends at once.</summary>
    private static readonly TimeSpan SignalExitBound = TimeSpan.FromMilliseconds(900);

    public TenderSession(KernelImage kernel, IReadOnlyList<ITenderModule> modules, bool verbose = false)
    {
        _state = new TenderState(kernel, verbose);
        _modules = modules;
        Options = new ModuleOptionContext(_state);
        _state.FailRun = FailFromModule;
    }

    /// <summary>The context modules parse their options with (before the VM exists).</summary>
    public ModuleOptionContext Options { get; }

    /// <summary>Install the seccomp filter (docs/security.md) once set-up is complete, before the
    /// guest runs. Off by default: it confines the whole process for good (hvt-tender turns it on).</summary>
    public bool ConfineAfterSetup { get; set; }

    /// <summary>Drop every capability (and become <see cref="User"/>, if set) once set-up is complete
    /// (docs/security.md). Off by default: it changes the whole process for good (hvt-tender turns it on).</summary>
    public bool DropPrivilegesAfterSetup { get; set; }

    /// <summary>The unprivileged user and group of --user, taken with the privilege drop.</summary>
    public TenderUser? User { get; set; }

    /// <summary>What the run accumulated (the test suite's direct hypercall harness drives it without a guest).</summary>
    internal TenderState State => _state;

    /// <summary>Boots the guest with <paramref name="requestedMemory"/> bytes and <paramref name="commandLine"/>; returns the process exit code.</summary>
    public int Run(ulong requestedMemory, string commandLine)
    {
        var cmdline = Utf8Text.GetBytes(commandLine);
        if (cmdline.Length > (int)GuestLayout.CmdlineSize - 1)
            throw new TenderException($"Guest command line too long (max={GuestLayout.CmdlineSize - 1} characters)");

        SignalDisposition.ResetToDefault(ExitSignalFd.SIGINT);
        // The signal that makes the vCPU thread leave KVM_RUN: handled by a handler that does nothing,
        // so it interrupts the thread without ending the process.
        SignalDisposition.InterruptOnly(ThreadSignal.Kick);
        using var signals = new ExitSignalWatch(OnSignal, watchSetup: SetupWaitsOnPeers());

        var vm = Prepare(requestedMemory, cmdline);
        try
        {
            signals.EndSetupWatch();
            if (DropPrivilegesAfterSetup) PrivilegeDrop.Apply(User);
            if (ConfineAfterSetup) _state.Confinement = TenderConfinement.Apply(SeccompPolicy.ForThisProcess());
            RunGuestStartHooks();
        }
        catch (Exception)
        {
            if (!ClaimExit()) Thread.Sleep(Timeout.Infinite);   // a signal is ending the process
            ReleaseAfterFailure(vm);   // devices are set up by now: reset and release them as on any other failure
            throw;
        }
        return RunGuest(vm, signals);
    }

    private bool SetupWaitsOnPeers()
    {
        foreach (var module in _modules)
            if (module.SetupWaitsOnPeers) return true;
        return false;
    }

    /// <summary>
    /// Everything before the guest's first instruction: the VM from the image (<see cref="GuestBoot"/>),
    /// the core hypercalls, each module's Setup, the check that every declared device is attached,
    /// and the boot area.
    /// </summary>
    internal VirtualMachine Prepare(ulong requestedMemory, byte[] cmdline)
    {
        var kernel = _state.Kernel;
        var booted = GuestBoot.Prepare(kernel, RoundedMemory(requestedMemory), _state.ReservationBytes, _state.PageTables);
        var vm = booted.Vm;
        _state.Vm = vm;
        _state.Reserved = booted.Reserved;

        new CoreHypercalls(vm.Memory, _state.Poll).Register(_state.Hypercalls);
        var setup = new ModuleSetupContext(_state, vm);
        foreach (var module in _modules) module.Setup(setup);
        CheckAllDevicesAttached(kernel.Manifest);

        WriteBootArea(vm.Memory, kernel.Manifest, cmdline, new HvtBootInfo
        {
            MemSize = vm.Memory.Size, KernelEnd = booted.KernelEnd, CpuCycleFreq = booted.TscHz,
            Cmdline = _state.BootArea.Cmdline, Mft = _state.BootArea.Manifest,
            HostFeatures = (uint)_state.HostFeatures, NetRing = _state.NetRing,
        });
        return vm;
    }

    /// <summary>The modules' own threads start (net ring I/O), after the privilege drop and confinement.</summary>
    internal void RunGuestStartHooks()
    {
        foreach (var hook in _state.GuestStartHooks) hook();
    }

    /// <summary>docs/hvt-abi.md §1.2: the requested size rounded and checked (a warning when it changed).</summary>
    private static ulong RoundedMemory(ulong requestedMemory)
    {
        var (memory, warning) = MemorySize.Round(requestedMemory);
        if (warning != null) Diagnostics.Report(warning);
        return memory;
    }

    private void WriteBootArea(GuestMemory memory, Mft manifest, byte[] cmdline, HvtBootInfo info)
    {
        var area = _state.BootArea;
        var mft = manifest.Encode();
        mft.AsSpan().CopyTo(memory.HostSlice(area.Manifest, area.ManifestSize));
        var line = memory.HostSlice(area.Cmdline, area.CmdlineSize);
        line.Clear();
        cmdline.AsSpan().CopyTo(line);
        MemoryMarshal.Write(memory.HostSlice(area.BootInfo, HvtBootInfo.Size), in info);
    }

    private static void CheckAllDevicesAttached(Mft manifest)
    {
        foreach (var entry in manifest.Entries)
            if (IsUnattachedDevice(entry)) throw NotAttached(manifest);
    }

    private static bool IsUnattachedDevice(MftEntry entry) => entry.Type < MftDeviceType.ReservedFirst && !entry.Attached;

    private static TenderException NotAttached(Mft manifest)
    {
        var missing = new StringBuilder();
        foreach (var entry in manifest.Entries)
        {
            if (!IsUnattachedDevice(entry)) continue;
            var type = MftDeviceType.NameOf(entry.Type) ?? "<undefined type>";
            missing.Append($"Device '{entry.Name}' of type {type} declared but not attached.\n");
        }
        return new TenderException(missing + "All declared devices must be attached. See --help for syntax.");
    }

    private int RunGuest(VirtualMachine vm, ExitSignalWatch signals)
    {
        var confinement = _state.Confinement;
        var loop = new RunLoop(vm, _state.Hypercalls, _state.Traps, _state.Debugger);
        var vcpu = new VcpuThread(loop, _state.Poll, () => confinement?.EnterRole(ThreadRoles.Vcpu), signals.GuestEnded);
        Volatile.Write(ref _vcpu, vcpu);
        bool started = Volatile.Read(ref _moduleFailure) == null && Volatile.Read(ref _exitClaimed) == 0 && vcpu.Start();
        // From here the main thread only waits for the guest (and for SIGINT/SIGTERM) and runs the halt hooks.
        confinement?.EnterRole(ThreadRoles.Main);
        if (started) signals.WaitForGuestEnd();
        vcpu.Join();

        if (!ClaimExit()) Thread.Sleep(Timeout.Infinite);   // a signal is ending the process
        var failure = Volatile.Read(ref _moduleFailure) ?? vcpu.Failure;
        if (failure != null || vcpu.Halt == null)
        {
            ReleaseAfterFailure(vm);
            if (failure is TenderException) throw failure;
            if (failure is SystemCallException sys) throw new TenderException(sys.Message);
            throw new TenderException($"internal error: {failure?.GetType().Name}: {failure?.Message}");
        }
        ReleaseWindowSlots(vm);
        RunHaltHooks(vcpu.Halt);
        return vcpu.Halt.ExitStatus & 0xFF;
    }

    private void RunHaltHooks(HaltContext halt)
    {
        _state.HaltHooks.RunAll(halt);
    }

    /// <summary>With the vCPU stopped, KVM lets go of the modules' memory before the halt hooks unmap it.</summary>
    private static void ReleaseWindowSlots(VirtualMachine vm)
    {
        if (vm.DeleteWindowSlots() is { } failure) Diagnostics.Report(failure);
    }

    /// <summary>A tender error ends the run too: the hooks still flush and close block files, close
    /// taps, unmap DMA and reset devices (exit status 1, no signal). A failing hook is reported and
    /// does not hide the error that ended the run.</summary>
    private void ReleaseAfterFailure(VirtualMachine vm)
    {
        try
        {
            ReleaseWindowSlots(vm);
            RunHaltHooks(new HaltContext(1, 0, null));
        }
        catch (Exception e) { Diagnostics.Report(e.Message); }
    }

    /// <summary>A module's own thread failed (<see cref="ModuleSetupContext.FailRun"/>): the first such
    /// error ends the run once the vCPU has stopped; the main thread reports it.</summary>
    private void FailFromModule(TenderException error)
    {
        if (Interlocked.CompareExchange(ref _moduleFailure, error, null) != null) return;
        Volatile.Read(ref _vcpu)?.RequestStop();
    }

    private bool ClaimExit() => Interlocked.Exchange(ref _exitClaimed, 1) == 0;

    /// <summary>
    /// SIGINT/SIGTERM: the vCPU is stopped first (and the waits on device peers aborted if it does not
    /// stop at once), then the windows' memory slots are deleted, then the halt hooks run, then exit 1.
    /// A vCPU that cannot be stopped is never pulled from under: the process then ends at once,
    /// releasing nothing itself, and so it does when the whole exit passes its bound. Runs on the
    /// thread that read the signal (<see cref="ExitSignalWatch"/>).
    /// </summary>
    private void OnSignal(int number)
    {
        if (!ClaimExit()) return;
        Diagnostics.Report($"Exiting on signal {number}");
        StartExitDeadline();
        var vcpu = Volatile.Read(ref _vcpu);
        if (vcpu != null && !vcpu.Stop(_state.AbortHooks)) ImmediateExit.Now(1);
        try
        {
            if (vcpu != null && _state.Vm is { } vm) ReleaseWindowSlots(vm);
            RunHaltHooks(new HaltContext(0, 0, number));
        }
        catch (Exception e) { Diagnostics.Report(e.Message); }
        Environment.Exit(1);
    }

    private static void StartExitDeadline() =>
        new Thread(() =>
        {
            Thread.Sleep(SignalExitBound);
            ImmediateExit.Now(1);
        }, maxStackSize: 64 * 1024) { IsBackground = true, Name = "exit-deadline" }.Start();
}
