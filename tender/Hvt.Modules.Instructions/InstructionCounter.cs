using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Instructions;

/// <summary>
/// Counts guest instructions by single-stepping the vCPU (KVM_GUESTDBG_SINGLESTEP): KVM stops the
/// guest after every instruction with the address of the next one. An instruction is counted when
/// that address moves on, so a rep-prefixed string instruction, which traps once per iteration at
/// its own address, counts once (its iterations are the steps). Each counted instruction is
/// attributed to the address it started at. Instructions of an interrupt or exception handler
/// entered through a gate run with the trap flag cleared and are not seen (hvt guests take none).
/// </summary>
public sealed class InstructionCounter : IGuestDebugger
{
    private readonly GuestDebugTarget _target;
    private readonly Action<ulong, ulong>? _publish;
    private readonly Dictionary<ulong, ulong>? _byAddress;
    private ulong _pc;

    /// <param name="publish">Called with (instructions, steps) after every step.</param>
    /// <param name="byAddress">Whether to keep a count per instruction address (<see cref="ByAddress"/>).</param>
    public InstructionCounter(GuestDebugTarget target, Action<ulong, ulong>? publish, bool byAddress)
    {
        _target = target;
        _publish = publish;
        _byAddress = byAddress ? new Dictionary<ulong, ulong>() : null;
    }

    public ulong Instructions { get; private set; }
    public ulong Steps { get; private set; }

    /// <summary>Instructions counted per start address (empty unless asked for).</summary>
    public IReadOnlyDictionary<ulong, ulong> ByAddress => _byAddress ?? EmptyProfile;

    private static readonly IReadOnlyDictionary<ulong, ulong> EmptyProfile = new Dictionary<ulong, ulong>();

    public void OnStart()
    {
        _pc = _target.ReadRegisters().Rip;
        StepFromHere();
    }

    /// <summary>
    /// Asks KVM to single-step from the current instruction. KVM sets the guest's trap flag for that
    /// and keeps it only while the guest is at the address it was asked at: when it injects an
    /// exception elsewhere (the #UD a C# guest raises and handles on purpose) it rewrites RFLAGS
    /// without TF, the handler's iretq restores that, and the guest would run on unstepped. Asked
    /// again at every stop, the faulting instruction is that address and TF survives the injection.
    /// </summary>
    private void StepFromHere() =>
        _target.SetGuestDebug(new KvmGuestDebug { Control = KvmGuestDebug.KVM_GUESTDBG_ENABLE | KvmGuestDebug.KVM_GUESTDBG_SINGLESTEP });

    public void OnDebugEvent(DebugEvent debugEvent)
    {
        Steps++;
        if (debugEvent.Pc != _pc)
        {
            Instructions++;
            if (_byAddress != null)
                _byAddress[_pc] = _byAddress.GetValueOrDefault(_pc) + 1;
            _pc = debugEvent.Pc;
        }
        _publish?.Invoke(Instructions, Steps);
        StepFromHere();
    }

    /// <summary>The instruction about to run at the last stop: after a triple fault, the one that faulted.</summary>
    public ulong? LastStopPc => _pc;

    /// <summary>A hlt is always the guest's own: the counter plants no breakpoints.</summary>
    public bool OnHaltInstruction() => false;
}
