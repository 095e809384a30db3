using System.Threading;

namespace Solo5Net.Interop;

/// <summary>
/// Anonymous shared memory of whole pages that a guest maps as RAM and the tender updates with
/// atomic ORs of 64-bit words (a PCI device's interrupt-status page, docs/abi.md §7). The tender
/// never reads a value back to decide anything: whatever the guest writes there only affects itself.
/// </summary>
public sealed unsafe class SharedWords : IDisposable
{
    private nint _address;

    public ulong Length { get; }

    /// <summary>The host address of the first byte (for a KVM memslot); valid until Dispose.</summary>
    public nint HostAddress => _address;

    private SharedWords(nint address, ulong length)
    {
        _address = address;
        Length = length;
    }

    /// <summary>Maps <paramref name="length"/> zeroed bytes (a multiple of 4 KiB).</summary>
    public static SharedWords Allocate(ulong length)
    {
        if (length == 0 || length % 4096 != 0) throw new ArgumentOutOfRangeException(nameof(length), "a multiple of 4 KiB");
        return new SharedWords(Libc.Mmap(0, length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_ANONYMOUS, -1, 0), length);
    }

    /// <summary>Atomically ORs <paramref name="bits"/> into 64-bit word <paramref name="index"/>.</summary>
    public void Or(int index, ulong bits)
    {
        ObjectDisposedException.ThrowIf(_address == 0, this);
        if (index < 0 || (ulong)index >= Length / 8) throw new ArgumentOutOfRangeException(nameof(index));
        Interlocked.Or(ref *((ulong*)_address + index), bits);
    }

    /// <summary>Word <paramref name="index"/> as it is now (for tests and diagnostics).</summary>
    public ulong Read(int index)
    {
        ObjectDisposedException.ThrowIf(_address == 0, this);
        if (index < 0 || (ulong)index >= Length / 8) throw new ArgumentOutOfRangeException(nameof(index));
        return Volatile.Read(ref *((ulong*)_address + index));
    }

    /// <summary>Atomically takes and clears word <paramref name="index"/> (what a guest does; for tests).</summary>
    public ulong Exchange(int index)
    {
        ObjectDisposedException.ThrowIf(_address == 0, this);
        if (index < 0 || (ulong)index >= Length / 8) throw new ArgumentOutOfRangeException(nameof(index));
        return Interlocked.Exchange(ref *((ulong*)_address + index), 0);
    }

    public void Dispose()
    {
        if (_address == 0) return;
        Libc.Munmap(_address, Length);
        _address = 0;
    }
}
