using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Block;

/// <summary>One attached BLOCK_BASIC device: its manifest entry index and its open backing file.</summary>
internal sealed class BlockDevice(string name, int manifestIndex, int fd, ulong capacity)
{
    public string Name { get; } = name;
    public int ManifestIndex { get; } = manifestIndex;
    public int Fd { get; } = fd;
    public ulong Capacity { get; } = capacity;

    /// <summary>Bytes per block; 0 until the sector-size option or the 512-byte default sets it.</summary>
    public ushort BlockSize { get; set; }

    /// <summary>Opens PATH read-write and measures it (docs/hvt-abi.md §7.3); exits 1 on failure.</summary>
    public static BlockDevice Open(string name, int manifestIndex, string path)
    {
        int fd = Libc.TryOpen(path, Libc.O_RDWR);
        if (fd < 0) throw new TenderException($"Could not open block device: {path}: {Libc.StrError(-fd)}");
        try
        {
            long end = Libc.Lseek(fd, 0, Libc.SEEK_END);
            return new BlockDevice(name, manifestIndex, fd, (ulong)end);
        }
        catch (SystemCallException)
        {
            Libc.CloseQuietly(fd);
            throw new TenderException($"Could not open block device: {path}: Could not determine capacity");
        }
    }

    /// <summary>Data written by the guest reaches the file before the tender exits.</summary>
    public void FlushAndClose()
    {
        try { Libc.Fsync(Fd); } catch (SystemCallException) { /* not every backing file supports fsync */ }
        Libc.CloseQuietly(Fd);
    }
}
