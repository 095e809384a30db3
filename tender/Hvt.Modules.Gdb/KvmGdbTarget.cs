using Solo5Net.Hvt.Modules.Gdb.Protocol;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Gdb;

/// <summary>
/// The stopped vCPU as <see cref="IGdbTarget"/>: registers through KVM_GET/SET_REGS, memory through
/// the checked accessor (guest-physical = guest-virtual), software breakpoints as hlt bytes written
/// into guest memory, hardware breakpoints in DR0–DR3, and the KVM_SET_GUEST_DEBUG control for
/// those and for single steps (docs/gdb.md §4).
/// </summary>
public sealed class KvmGdbTarget(GuestDebugTarget vcpu) : IGdbTarget
{
    /// <summary>
    /// hlt: one byte like int3, and it always exits to the tender (no in-kernel interrupt controller),
    /// where int3 relies on KVM intercepting #BP, which nested SVM under QEMU does not deliver
    /// (docs/platform.md §7).
    /// </summary>
    public const byte BreakpointOpcode = 0xF4;
    private const int DebugRegisterSlots = 4;

    private readonly Dictionary<ulong, byte> _softwareBreakpoints = [];
    private readonly ulong?[] _hardwareBreakpoints = new ulong?[DebugRegisterSlots];

    private bool Supports(uint flag) => (vcpu.SupportedControl & flag) == flag;

    /// <summary>True if a software breakpoint of the stub's own is planted at <paramref name="address"/>.</summary>
    public bool HasSoftwareBreakpoint(ulong address) => _softwareBreakpoints.ContainsKey(address);

    /// <summary>The DR0–DR3 slot holding a hardware breakpoint at <paramref name="address"/>, or -1.</summary>
    public int HardwareSlotOf(ulong address) => Array.IndexOf(_hardwareBreakpoints, address);

    public Amd64Registers ReadRegisters()
    {
        var r = vcpu.ReadRegisters();
        var s = vcpu.ReadSpecialRegisters();
        var registers = new Amd64Registers();
        ulong[] values =
        [
            r.Rax, r.Rbx, r.Rcx, r.Rdx, r.Rsi, r.Rdi, r.Rbp, r.Rsp, r.R8, r.R9, r.R10, r.R11, r.R12, r.R13, r.R14, r.R15,
            r.Rip, (uint)r.Rflags, s.Cs.Selector, s.Ss.Selector, s.Ds.Selector, s.Es.Selector, s.Fs.Selector, s.Gs.Selector,
        ];
        values.CopyTo(registers.Values, 0);
        return registers;
    }

    /// <summary>Writes the general registers, rip and eflags. Segment selectors are read-only here (a
    /// selector alone would not reload the hidden segment state); a changed one is refused.</summary>
    public bool WriteRegisters(Amd64Registers registers)
    {
        var current = ReadRegisters();
        for (int i = Amd64Registers.FirstSegment; i < Amd64Registers.Count; i++)
            if (registers[i] != current[i]) return false;
        var v = registers.Values;
        var r = vcpu.ReadRegisters();
        (r.Rax, r.Rbx, r.Rcx, r.Rdx, r.Rsi, r.Rdi, r.Rbp, r.Rsp) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        (r.R8, r.R9, r.R10, r.R11, r.R12, r.R13, r.R14, r.R15) = (v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
        r.Rip = v[Amd64Registers.Rip];
        r.Rflags = (r.Rflags & ~0xFFFF_FFFFUL) | (uint)v[Amd64Registers.Eflags];
        vcpu.WriteRegisters(r);
        return true;
    }

    public bool TryReadMemory(ulong address, Span<byte> into)
    {
        var memory = vcpu.Memory;
        if (!memory.IsValid(address, (ulong)into.Length)) return false;
        try { memory.ReadOnlySlice(address, (ulong)into.Length).CopyTo(into); }
        catch (GuestAccessException) { return false; }
        // The debugger sees the guest's own bytes, not the breakpoints planted for it.
        foreach (var (breakpoint, original) in _softwareBreakpoints)
            if (breakpoint - address < (ulong)into.Length) into[(int)(breakpoint - address)] = original;
        return true;
    }

    public bool TryWriteMemory(ulong address, ReadOnlySpan<byte> data)
    {
        var memory = vcpu.Memory;
        if (!memory.IsValid(address, (ulong)data.Length)) return false;
        var bytes = data.ToArray();
        foreach (var breakpoint in _softwareBreakpoints.Keys.ToArray())
        {
            if (breakpoint - address >= (ulong)bytes.Length) continue;
            // A write over a planted breakpoint changes the byte the breakpoint will put back.
            _softwareBreakpoints[breakpoint] = bytes[breakpoint - address];
            bytes[breakpoint - address] = BreakpointOpcode;
        }
        try { memory.DebuggerWrite(address, bytes); }
        catch (GuestAccessException) { return false; }
        return true;
    }

    public BreakpointResult InsertBreakpoint(BreakpointKind kind, ulong address) =>
        kind == BreakpointKind.Software ? InsertSoftware(address) : InsertHardware(address);

    public BreakpointResult RemoveBreakpoint(BreakpointKind kind, ulong address)
    {
        if (kind == BreakpointKind.Hardware)
        {
            int slot = HardwareSlotOf(address);
            if (slot >= 0) _hardwareBreakpoints[slot] = null;
            return BreakpointResult.Done;
        }
        if (!_softwareBreakpoints.Remove(address, out byte original)) return BreakpointResult.Done;
        try { vcpu.Memory.DebuggerWrite(address, [original]); }
        catch (GuestAccessException) { return BreakpointResult.Failed; }
        return BreakpointResult.Done;
    }

    private BreakpointResult InsertSoftware(ulong address)
    {
        if (_softwareBreakpoints.ContainsKey(address)) return BreakpointResult.Done;
        var memory = vcpu.Memory;
        if (!memory.IsValid(address, 1) || memory.IsHostInaccessible(address)) return BreakpointResult.Failed;
        byte original = memory.ReadOnlySlice(address, 1)[0];
        memory.DebuggerWrite(address, [BreakpointOpcode]);
        _softwareBreakpoints[address] = original;
        return BreakpointResult.Done;
    }

    private BreakpointResult InsertHardware(ulong address)
    {
        if (!Supports(KvmGuestDebug.KVM_GUESTDBG_USE_HW_BP)) return BreakpointResult.Unsupported;
        if (HardwareSlotOf(address) >= 0) return BreakpointResult.Done;
        int free = Array.IndexOf(_hardwareBreakpoints, null);
        if (free < 0) return BreakpointResult.Failed;
        _hardwareBreakpoints[free] = address;
        return BreakpointResult.Done;
    }

    /// <summary>Sets what stops the guest when it runs again besides the planted breakpoints: the debug registers, and after one instruction when <paramref name="step"/>.</summary>
    public void PrepareResume(bool step)
    {
        var control = new KvmGuestDebug { Control = KvmGuestDebug.KVM_GUESTDBG_ENABLE };
        if (step) control.Control |= KvmGuestDebug.KVM_GUESTDBG_SINGLESTEP;
        if (Array.Exists(_hardwareBreakpoints, b => b != null))
        {
            control.Control |= KvmGuestDebug.KVM_GUESTDBG_USE_HW_BP;
            control.Dr0 = _hardwareBreakpoints[0] ?? 0;
            control.Dr1 = _hardwareBreakpoints[1] ?? 0;
            control.Dr2 = _hardwareBreakpoints[2] ?? 0;
            control.Dr3 = _hardwareBreakpoints[3] ?? 0;
            // DR7: local enable (bit 2n) per used slot; condition and length bits 0 = instruction execution.
            for (int slot = 0; slot < DebugRegisterSlots; slot++)
                if (_hardwareBreakpoints[slot] != null) control.Dr7 |= 1UL << (2 * slot);
        }
        vcpu.SetGuestDebug(control);
    }

    /// <summary>Takes every breakpoint out and turns guest debugging off: the guest runs on as if no debugger had come.</summary>
    public void RemoveAll()
    {
        foreach (var address in _softwareBreakpoints.Keys.ToArray()) RemoveBreakpoint(BreakpointKind.Software, address);
        Array.Clear(_hardwareBreakpoints);
        vcpu.SetGuestDebug(default);
    }
}
