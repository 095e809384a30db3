using Solo5Net.Hvt.Modules.Gdb.Protocol;

namespace Solo5Net.Tests.Tender.Gdb;

/// <summary>A target in memory for the protocol tests: 64 KiB of memory at <see cref="Base"/>, registers, a breakpoint list.</summary>
internal sealed class FakeGdbTarget : IGdbTarget
{
    public const ulong Base = 0x100000;
    public byte[] Memory { get; } = new byte[0x10000];
    public Amd64Registers Registers { get; set; } = new();
    public List<(BreakpointKind Kind, ulong Address)> Breakpoints { get; } = [];
    public bool HardwareAvailable { get; set; } = true;

    public Amd64Registers ReadRegisters() => Registers.Clone();

    public bool WriteRegisters(Amd64Registers registers)
    {
        Registers = registers.Clone();
        return true;
    }

    public bool TryReadMemory(ulong address, Span<byte> into)
    {
        if (!Inside(address, into.Length)) return false;
        Memory.AsSpan((int)(address - Base), into.Length).CopyTo(into);
        return true;
    }

    public bool TryWriteMemory(ulong address, ReadOnlySpan<byte> data)
    {
        if (!Inside(address, data.Length)) return false;
        data.CopyTo(Memory.AsSpan((int)(address - Base)));
        return true;
    }

    public BreakpointResult InsertBreakpoint(BreakpointKind kind, ulong address)
    {
        if (kind == BreakpointKind.Hardware && !HardwareAvailable) return BreakpointResult.Unsupported;
        if (!Inside(address, 1)) return BreakpointResult.Failed;
        Breakpoints.Add((kind, address));
        return BreakpointResult.Done;
    }

    public BreakpointResult RemoveBreakpoint(BreakpointKind kind, ulong address)
    {
        Breakpoints.Remove((kind, address));
        return BreakpointResult.Done;
    }

    private static bool Inside(ulong address, int length) =>
        address >= Base && address - Base <= 0x10000 && (ulong)length <= 0x10000 - (address - Base);
}
