using System.Runtime.InteropServices;
using System.Threading;

namespace Solo5Net.Interop;

/// <summary>
/// A shared mmap(2) of part of a file (e.g. a memfd another process passed over a socket), with
/// bounds-checked copies in and out. Nothing outside [0, Length) is ever touched.
/// </summary>
public sealed unsafe partial class FileMapping : IDisposable
{
    private const int StatBytes = 144, StatModeOffset = 24, StatSizeOffset = 48;
    private const uint S_IFMT = 0xF000, S_IFREG = 0x8000;

    private nint _address;

    public ulong Length { get; }
    public bool Writable { get; }

    private FileMapping(nint address, ulong length, bool writable)
    {
        _address = address;
        Length = length;
        Writable = writable;
    }

    [LibraryImport(Libc.Library, EntryPoint = "fstat", SetLastError = true)]
    internal static partial int fstat_raw(int fd, byte* stat);

    /// <summary>
    /// Maps <paramref name="length"/> bytes of <paramref name="fd"/> from <paramref name="offset"/>
    /// (page aligned) shared, read-only or read-write. For a regular file (a memfd included) the range
    /// must lie within the file: touching a page past its end would kill the process with SIGBUS.
    /// </summary>
    public static FileMapping Map(int fd, long offset, ulong length, bool writable)
    {
        if (length == 0) throw new ArgumentOutOfRangeException(nameof(length), "cannot map 0 bytes");
        byte* stat = stackalloc byte[StatBytes];
        if (fstat_raw(fd, stat) < 0) throw Libc.Fail("fstat");
        long fileSize = *(long*)(stat + StatSizeOffset);
        bool regular = (*(uint*)(stat + StatModeOffset) & S_IFMT) == S_IFREG;
        if (regular && (offset < 0 || (ulong)offset > (ulong)fileSize || length > (ulong)fileSize - (ulong)offset))
            throw new SystemCallException($"mmap of [{offset:#x}, +{length:#x}) past the end of a {fileSize:#x}-byte file", Errno.EINVAL);
        int prot = Libc.PROT_READ | (writable ? Libc.PROT_WRITE : 0);
        nint address = Libc.Mmap(0, length, prot, Libc.MAP_SHARED, fd, offset);
        return new FileMapping(address, length, writable);
    }

    /// <summary>Copies bytes at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public void Read(ulong offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        new ReadOnlySpan<byte>((byte*)(_address + (nint)offset), destination.Length).CopyTo(destination);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="offset"/>; the mapping must be writable.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        if (!Writable) throw new InvalidOperationException("mapping is read-only");
        CheckRange(offset, source.Length);
        source.CopyTo(new Span<byte>((byte*)(_address + (nint)offset), source.Length));
    }

    /// <summary>
    /// One aligned 8-byte store at <paramref name="offset"/> (a multiple of 8): a process that maps the
    /// same file sees the old or the new word, never a mix.
    /// </summary>
    public void WriteUInt64(ulong offset, ulong value)
    {
        if (!Writable) throw new InvalidOperationException("mapping is read-only");
        CheckWord(offset);
        Volatile.Write(ref *(ulong*)(_address + (nint)offset), value);
    }

    /// <summary>One aligned 8-byte load at <paramref name="offset"/> (a multiple of 8), whole even while another process stores it.</summary>
    public ulong ReadUInt64(ulong offset)
    {
        CheckWord(offset);
        return Volatile.Read(ref *(ulong*)(_address + (nint)offset));
    }

    public void Dispose()
    {
        if (_address == 0) return;
        Libc.Munmap(_address, Length);
        _address = 0;
    }

    private void CheckWord(ulong offset)
    {
        if (offset % 8 != 0) throw new ArgumentOutOfRangeException(nameof(offset), $"{offset:#x} is not 8-byte aligned");
        CheckRange(offset, 8);
    }

    private void CheckRange(ulong offset, int count)
    {
        ObjectDisposedException.ThrowIf(_address == 0, this);
        if (offset > Length || (ulong)count > Length - offset)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset:#x}, +{count:#x}) is outside the {Length:#x}-byte mapping");
    }
}
