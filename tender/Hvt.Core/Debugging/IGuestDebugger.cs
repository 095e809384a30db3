namespace Solo5Net.Hvt;

/// <summary>
/// A debugger attached to the vCPU (<see cref="ModuleSetupContext.AttachDebugger"/>). Both calls
/// come on the vCPU thread while the guest is stopped; the guest runs again when they return, with
/// whatever registers, memory and guest-debug control they left behind.
/// </summary>
public interface IGuestDebugger
{
    /// <summary>Before the guest's first instruction.</summary>
    void OnStart();

    /// <summary>KVM stopped the guest for a debug event (KVM_EXIT_DEBUG).</summary>
    void OnDebugEvent(DebugEvent debugEvent);

    /// <summary>
    /// The guest executed hlt, which exits to the tender (there is no in-kernel interrupt
    /// controller). True if it was the debugger's own (a software breakpoint, docs/gdb.md §4) and
    /// has been dealt with; false if it is the guest's, which the run loop reports as before.
    /// </summary>
    bool OnHaltInstruction();

    /// <summary>The address of the guest instruction the debugger last stopped at, or null. Reported
    /// with a triple fault, after which KVM's RIP is the reset vector's (on AMD) and tells nothing.</summary>
    ulong? LastStopPc => null;
}

/// <summary>
/// A KVM_EXIT_DEBUG: <paramref name="Vector"/> is the exception (1 = #DB from a single step or a
/// debug-register hit, 3 = #BP from an int3), <paramref name="Pc"/> the guest address KVM reports,
/// <paramref name="Dr6"/> the debug status (which debug register hit, or single step).
/// </summary>
public readonly record struct DebugEvent(uint Vector, ulong Pc, ulong Dr6)
{
    public const uint DebugVector = 1, BreakpointVector = 3;
}
