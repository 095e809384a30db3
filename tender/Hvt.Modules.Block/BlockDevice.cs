using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Block;

/// <summary>One attached BLOCK_BASIC device: its manifest entry index and its open backing file.</summary>
internal sealed class BlockDevice
{
    private readonly FileDescriptor _file;

    private BlockDevice(string name, int manifestIndex, FileDescriptor file, ulong capacity)
    {
        Name = name;
        ManifestIndex = manifestIndex;
        _file = file;
        Fd = file.Number;
        Capacity = capacity;
    }

    public string Name { get; }
    public int ManifestIndex { get; }

    /// <summary>The backing file's number, read once for the block hypercalls (see <see cref="FileDescriptor"/>).</summary>
    public int Fd { get; }

    public ulong Capacity { get; }

    /// <summary>Bytes per block; 0 until the sector-size option or the 512-byte default sets it.</summary>
    public ushort BlockSize { get; set; }

    /// <summary>Opens PATH read-write and measures it (docs/hvt-abi.md §7.3); exits 1 on failure.</summary>
    public static BlockDevice Open(string name, int manifestIndex, string path)
    {
        using var file = Libc.TryOpen(path, Libc.O_RDWR, out int errno)
            ?? throw new TenderException($"Could not open block device: {path}: {Libc.StrError(errno)}");
        long end;
        try { end = Libc.Lseek(file.Number, 0, Libc.SEEK_END); }
        catch (SystemCallException)
        {
            throw new TenderException($"Could not open block device: {path}: Could not determine capacity");
        }
        return new BlockDevice(name, manifestIndex, file.Transfer(), (ulong)end);
    }

    /// <summary>Data written by the guest reaches the file before the tender exits.</summary>
    public void FlushAndClose()
    {
        try { Libc.Fsync(Fd); } catch (SystemCallException) { /* not every backing file supports fsync */ }
        _file.Dispose();
    }
}
