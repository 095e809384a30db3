namespace Solo5Net.Hvt;

/// <summary>Hands out 8-aligned blocks of the boot area after the command line (<see cref="BootAreaLayout"/>).</summary>
public sealed class BootBlockAllocator(BootAreaLayout layout)
{
    private ulong _next = layout.BlocksStart;

    /// <summary>The boot area the blocks are taken from.</summary>
    public BootAreaLayout Layout => layout;

    public ulong Allocate(ulong size)
    {
        ulong gpa = _next;
        ulong end = Alignment.Up(gpa + size, 8);
        if (size == 0 || end > layout.BlocksEnd || end < gpa)
            throw new TenderException($"boot area full: cannot place {size} more bytes below 0x{layout.BlocksEnd:x}");
        _next = end;
        return gpa;
    }

    /// <summary>True if [gpa, gpa + size) lies inside what has been allocated.</summary>
    public bool Contains(ulong gpa, ulong size) =>
        gpa >= layout.BlocksStart && gpa + size >= gpa && gpa + size <= _next;
}
