using System.Buffers.Binary;
using System.Text;
using Solo5Net.Abi;
using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// The vCPU run loop (docs/hvt-abi.md §2.6): KVM_RUN, then one action per exit reason. Returns when the
/// guest calls HALT; every other way out is a <see cref="TenderException"/>.
/// </summary>
public sealed class RunLoop
{
    private readonly VirtualMachine _vm;
    private readonly HypercallTable _hypercalls;
    private readonly TrapRouter _traps;
    private readonly IGuestDebugger? _debugger;
    private volatile bool _stopRequested;

    public RunLoop(VirtualMachine vm, HypercallTable hypercalls, TrapRouter traps, IGuestDebugger? debugger = null)
    {
        _vm = vm;
        _hypercalls = hypercalls;
        _traps = traps;
        _debugger = debugger;
    }

    /// <summary>
    /// From another thread: the next KVM_RUN returns at once (immediate_exit) and <see cref="Run"/>
    /// then throws <see cref="VcpuStoppedException"/>. A vCPU inside KVM_RUN also needs a signal to
    /// leave it (<see cref="VcpuThread"/> sends one).
    /// </summary>
    public void RequestStop()
    {
        _stopRequested = true;
        _vm.Vcpu.Run.ImmediateExit = true;
        Interlocked.MemoryBarrier();
    }

    public HaltContext Run()
    {
        var vcpu = _vm.Vcpu;
        var run = vcpu.Run;
        _debugger?.OnStart();
        while (true)
        {
            int r = vcpu.TryRun();
            if (r < 0)
            {
                if (r == -Errno.EINTR)
                {
                    if (_stopRequested) throw new VcpuStoppedException();
                    continue;
                }
                if (r == -Errno.EFAULT) throw TranslationFault();
                throw new TenderException($"KVM: ioctl (RUN) failed: {Libc.StrError(-r)}");
            }

            switch (run.ExitReason)
            {
                case KvmExitReason.Io:
                    if (HandleIo(run) is { } halt) return halt;
                    break;
                case KvmExitReason.Mmio:
                    HandleMmio(run);
                    break;
                case KvmExitReason.Debug when _debugger != null:
                    _debugger.OnDebugEvent(new DebugEvent(run.DebugException, run.DebugPc, run.DebugDr6));
                    break;
                case KvmExitReason.Hlt when _debugger != null && _debugger.OnHaltInstruction():
                    break;
                case KvmExitReason.FailEntry:
                    throw new TenderException($"KVM: entry failure: hw_entry_failure_reason=0x{run.HardwareEntryFailureReason:x}");
                case KvmExitReason.InternalError:
                    throw InternalError(run);
                default:
                    throw Unhandled(run.ExitReason);
            }
        }
    }

    private HaltContext? HandleIo(KvmRunArea run)
    {
        ushort port = run.IoPort;
        var data = run.IoData;
        bool isOut = run.IoDirection == KvmRunArea.IoDirectionOut;

        if (isOut && run.IoSize == 4 && run.IoCount == 1 && data.Length == 4 && _hypercalls.IsHypercallPort(port))
        {
            int number = port - HvtHypercall.PioBase;
            ulong argument = BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (number == HvtHypercall.Halt) return Halt(_vm.Memory, argument);
            _hypercalls.Dispatch(number, argument);
            return null;
        }

        int size = run.IoSize;
        if (size is 1 or 2 or 4 && data.Length == size * (int)run.IoCount)
        {
            bool handled = true;
            for (int i = 0; i < (int)run.IoCount && handled; i++)
                handled = _traps.TryPio(port, data.Slice(i * size, size), isOut);
            if (handled) return null;
        }
        throw new TenderException($"Invalid guest port access: port=0x{port:x}");
    }

    /// <summary>HALT's argument (docs/hvt-abi.md §4.3); internal for the hypercall fuzz target.</summary>
    internal static HaltContext Halt(GuestMemory memory, ulong gpa)
    {
        var arg = memory.Read<HvtHcHalt>(gpa);
        if (arg.Cookie != 0) memory.ReadOnlySlice(arg.Cookie, HvtHcHalt.CookieMax);
        return new HaltContext(arg.ExitStatus, arg.Cookie, null);
    }

    private void HandleMmio(KvmRunArea run)
    {
        ulong gpa = run.MmioPhysAddr;
        if (gpa < _vm.Memory.AllocationSize) throw TranslationFault();   // host-protected RAM page (docs/platform.md)
        if (!_traps.TryMmio(gpa, run.MmioData, run.MmioIsWrite)) throw Unhandled(KvmExitReason.Mmio);
    }

    private TenderException TranslationFault() =>
        new($"KVM: host/guest translation fault: rip=0x{Rip():x}");

    private TenderException Unhandled(uint reason) =>
        new($"KVM: unhandled exit: exit_reason=0x{reason:x}, rip=0x{Rip():x}" + LastStop(reason));

    private string LastStop(uint reason) =>
        reason == KvmExitReason.Shutdown && _debugger?.LastStopPc is { } pc ? $", last stepped at 0x{pc:x}" : "";

    private TenderException InternalError(KvmRunArea run)
    {
        uint suberror = run.InternalSuberror;
        var message = new StringBuilder($"KVM: internal error exit: suberror=0x{suberror:x}");
        if (suberror == KvmExitReason.InternalErrorEmulation)
        {
            ulong rip = Rip();
            message.Append($", rip=0x{rip:x}");
            var bytes = InstructionBytes(rip);
            if (bytes.Length > 0)
            {
                message.Append(", instruction bytes:");
                foreach (byte b in bytes) message.Append(' ').Append(b.ToString("x2"));
            }
            message.Append(" (the host cannot emulate this instruction)");
        }
        return new TenderException(message.ToString());
    }

    /// <summary>Up to 15 bytes (the longest x86 instruction) at <paramref name="rip"/>, if that is readable guest RAM.</summary>
    private byte[] InstructionBytes(ulong rip)
    {
        var memory = _vm.Memory;
        if (rip >= memory.AllocationSize) return [];
        ulong length = Math.Min(15, memory.AllocationSize - rip);
        try { return memory.ReadOnlySlice(rip, length).ToArray(); }
        catch (GuestAccessException) { return []; }
    }

    private ulong Rip()
    {
        try { return _vm.Vcpu.GetRegs().Rip; }
        catch (SystemCallException) { return 0; }
    }
}

/// <summary>The vCPU left KVM_RUN because the run is being stopped (<see cref="RunLoop.RequestStop"/>), not by the guest.</summary>
public sealed class VcpuStoppedException() : Exception("the vCPU was stopped");
