using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Pci.Dma;

/// <summary>
/// DMA memory for one device: a memfd (so a vfio-user server can map the same pages from the fd)
/// mapped shared into the tender. Backed by 2 MiB huge pages when the host has them reserved and
/// the size allows (the mapping reserves them, or fails and 4 KiB pages are used), else by 4 KiB
/// pages allocated on first touch (VFIO pins them when it maps them). Zero-filled. Sealed against
/// shrinking, growing and further sealing (docs/security.md), so no process it is shared with can
/// truncate it under the guest or another server. Dispose unmaps and closes.
/// </summary>
public sealed class DmaMemory : IDisposable
{
    public const ulong HugePageSize = 2 << 20;
    private const uint MfdHugetlb = 4, MfdHuge2Mb = 21u << 26;

    private readonly FileDescriptor _memfd;

    /// <summary>The memfd's number (e.g. to pass to a vfio-user server); valid until Dispose.</summary>
    public int Fd => _memfd.Number;
    public nint HostAddress { get; private set; }
    public ulong Size { get; }
    public bool HugePages { get; }

    private DmaMemory(FileDescriptor memfd, nint address, ulong size, bool hugePages)
    {
        _memfd = memfd;
        HostAddress = address;
        Size = size;
        HugePages = hugePages;
    }

    /// <summary>Allocates <paramref name="size"/> bytes (a multiple of 4 KiB, > 0).</summary>
    public static DmaMemory Allocate(string name, ulong size, bool allowHugePages = true)
    {
        if (size == 0 || size % 4096 != 0) throw new ArgumentOutOfRangeException(nameof(size), "DMA size must be a positive multiple of 4096");
        if (allowHugePages && size % HugePageSize == 0 && TryAllocate(name, size, MfdHugetlb | MfdHuge2Mb, out var huge))
            return huge!;
        if (TryAllocate(name, size, 0, out var small)) return small!;
        throw new PciException($"{name}: cannot allocate {Options.SizeParser.Describe(size)} of DMA memory: {Errno.Name(Libc.LastErrno)}");
    }

    /// <summary>Sealed (<see cref="FileSeals.FixedSize"/>): a device peer that maps it can never shrink it.</summary>
    private static bool TryAllocate(string name, ulong size, uint hugePageFlags, out DmaMemory? memory)
    {
        memory = null;
        try
        {
            using var fd = FileSeals.CreateFixedSizeMemory("solo5net-dma-" + name, (long)size, hugePageFlags);
            var address = Libc.Mmap(0, size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd.Number, 0);
            memory = new DmaMemory(fd.Transfer(), address, size, hugePageFlags != 0);
            return true;
        }
        catch (SystemCallException) { return false; }
    }

    public unsafe Span<byte> Span(ulong offset, int length)
    {
        if (offset > Size || (ulong)length > Size - offset) throw new ArgumentOutOfRangeException(nameof(offset));
        ObjectDisposedException.ThrowIf(HostAddress == 0, this);
        return new Span<byte>((byte*)HostAddress + offset, length);
    }

    public void Dispose()
    {
        if (HostAddress != 0) { Libc.Munmap(HostAddress, Size); HostAddress = 0; }
        _memfd.Dispose();
    }
}
