namespace Solo5Net.Hvt;

/// <summary>Registered MMIO and port ranges whose accesses exit to the tender, and their handlers.</summary>
public sealed class TrapRouter
{
    // Reference-type entries keep the lists on precompiled shared generic code (start-up time).
    private sealed record MmioRange(ulong Start, ulong Length, MmioHandler Handler);
    private sealed record PioRange(ushort Start, ushort Count, PioHandler Handler);

    private readonly List<MmioRange> _mmio = [];
    private readonly List<PioRange> _pio = [];

    public void AddMmio(ulong gpa, ulong length, MmioHandler handler)
    {
        if (length == 0 || gpa + length < gpa) throw new ArgumentException($"bad MMIO range gpa=0x{gpa:x} length=0x{length:x}");
        foreach (var (start, len, _) in _mmio)
            if (gpa < start + len && start < gpa + length)
                throw new InvalidOperationException($"MMIO range 0x{gpa:x}+0x{length:x} overlaps 0x{start:x}+0x{len:x}");
        _mmio.Add(new MmioRange(gpa, length, handler));
    }

    public void AddPio(ushort port, ushort count, PioHandler handler)
    {
        if (count == 0 || port + count > 0x10000) throw new ArgumentException($"bad port range 0x{port:x}+{count}");
        foreach (var (start, n, _) in _pio)
            if (port < start + n && start < port + count)
                throw new InvalidOperationException($"port range 0x{port:x}+{count} overlaps 0x{start:x}+{n}");
        _pio.Add(new PioRange(port, count, handler));
    }

    /// <summary>Handles an MMIO access; false if no range covers it.</summary>
    public bool TryMmio(ulong gpa, Span<byte> data, bool isWrite)
    {
        foreach (var (start, length, handler) in _mmio)
        {
            if (gpa < start || gpa - start >= length) continue;
            if ((ulong)data.Length > length - (gpa - start)) return false;   // straddles the range end
            handler(gpa - start, data, isWrite);
            return true;
        }
        return false;
    }

    /// <summary>Handles a port access; false if no range covers it.</summary>
    public bool TryPio(ushort port, Span<byte> data, bool isWrite)
    {
        foreach (var (start, count, handler) in _pio)
        {
            if (port < start || port - start >= count) continue;
            handler((ushort)(port - start), data, isWrite);
            return true;
        }
        return false;
    }
}
