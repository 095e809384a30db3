namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>A stopped target as the protocol sees it. Implemented over KVM by <see cref="KvmGdbTarget"/> and by test doubles.</summary>
public interface IGdbTarget
{
    Amd64Registers ReadRegisters();

    /// <summary>Writes the registers back; false if the target refuses a value (the stub answers with an error).</summary>
    bool WriteRegisters(Amd64Registers registers);

    /// <summary>Fills <paramref name="into"/> from target memory at <paramref name="address"/>; false if any byte is outside what may be read.</summary>
    bool TryReadMemory(ulong address, Span<byte> into);

    /// <summary>Writes <paramref name="data"/> at <paramref name="address"/>; false (nothing written) if any byte is outside what may be written.</summary>
    bool TryWriteMemory(ulong address, ReadOnlySpan<byte> data);

    /// <summary>Inserts a breakpoint of <paramref name="kind"/> at <paramref name="address"/>.</summary>
    BreakpointResult InsertBreakpoint(BreakpointKind kind, ulong address);

    BreakpointResult RemoveBreakpoint(BreakpointKind kind, ulong address);
}

public enum BreakpointKind { Software, Hardware }

public enum BreakpointResult
{
    Done,
    /// <summary>This kind is not available here (the reply is empty, and gdb falls back or says so).</summary>
    Unsupported,
    /// <summary>Available but not possible at this address or now (no free debug register, address outside memory).</summary>
    Failed,
}
