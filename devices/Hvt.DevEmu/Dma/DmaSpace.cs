using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.DevEmu.Dma;

/// <summary>
/// The client memory a device may reach: the ranges the client shared with DMA_MAP, each mapped
/// from the descriptor it sent. Every device access is checked against these ranges and their
/// read/write permission; an access that is not wholly inside mapped memory touches nothing and
/// counts as a fault.
/// </summary>
public sealed class DmaSpace : IDisposable
{
    public const int MaxMappings = 256;

    private sealed record Mapping(ulong Iova, ulong Size, DmaProtection Protection, FileMapping Memory)
    {
        public ulong End => Iova + Size;
    }

    private readonly List<Mapping> _mappings = [];

    public long BytesRead { get; private set; }
    public long BytesWritten { get; private set; }
    public long Faults { get; private set; }
    public int MappingCount => _mappings.Count;

    /// <summary>Maps the range described by <paramref name="request"/> from <paramref name="fd"/>
    /// (which stays the caller's to close). Returns 0 or an errno for the reply: EPERM for a file not
    /// sealed against shrinking (<see cref="IsShrinkProof"/>).</summary>
    public int Map(DmaMapRequest request, int fd)
    {
        if (request.Size == 0 || request.Iova + request.Size < request.Iova) return Errno.EINVAL;
        if ((request.FileOffset & 0xFFF) != 0 || request.FileOffset > long.MaxValue) return Errno.EINVAL;
        if ((request.Protection & ~(DmaProtection.Read | DmaProtection.Write)) != 0) return Errno.EINVAL;
        if (_mappings.Count >= MaxMappings) return Errno.ENOSPC;
        if (_mappings.Any(m => request.Iova < m.End && m.Iova < request.Iova + request.Size)) return Errno.EEXIST;
        try
        {
            if (!IsShrinkProof(fd)) return Errno.EPERM;
            var memory = FileMapping.Map(fd, (long)request.FileOffset, request.Size, (request.Protection & DmaProtection.Write) != 0);
            _mappings.Add(new Mapping(request.Iova, request.Size, request.Protection, memory));
            _mappings.Sort((a, b) => a.Iova.CompareTo(b.Iova));
            return 0;
        }
        catch (SystemCallException e)
        {
            return e.ErrorNumber;
        }
    }

    /// <summary>
    /// The client cannot truncate the file under the mapping: it carries F_SEAL_SHRINK. Without the
    /// seal, a client that shrinks its memfd after DMA_MAP would turn the next device access into
    /// SIGBUS, which kills the whole server (docs/security.md).
    /// </summary>
    public static bool IsShrinkProof(int fd) => (FileSeals.Of(fd) & FileSeals.Shrink) != 0;

    /// <summary>Removes every mapping inside [iova, iova + size) (or all). Returns 0 or an errno:
    /// a range that cuts a mapping in two is refused.</summary>
    public int Unmap(DmaUnmapRequest request)
    {
        if ((request.Flags & DmaUnmapFlags.UnmapAll) != 0)
        {
            Clear();
            return 0;
        }
        if ((request.Flags & DmaUnmapFlags.GetDirtyBitmap) != 0) return Errno.EOPNOTSUPP;
        ulong end = request.Iova + request.Size;
        if (request.Size == 0 || end < request.Iova) return Errno.EINVAL;
        var hit = _mappings.Where(m => m.Iova < end && request.Iova < m.End).ToList();
        if (hit.Any(m => m.Iova < request.Iova || m.End > end)) return Errno.EINVAL;
        foreach (var m in hit)
        {
            m.Memory.Dispose();
            _mappings.Remove(m);
        }
        return 0;
    }

    /// <summary>Device reads client memory. False (nothing copied) unless the whole range is mapped readable.</summary>
    public bool TryRead(ulong iova, Span<byte> destination)
    {
        if (!Covers(iova, destination.Length, DmaProtection.Read)) return Fault();
        for (int done = 0, chunk; done < destination.Length; done += chunk)
        {
            var m = Piece(iova, done, destination.Length, out ulong offset, out chunk);
            m.Memory.Read(offset, destination.Slice(done, chunk));
        }
        BytesRead += destination.Length;
        return true;
    }

    /// <summary>Device writes client memory. False (nothing written) unless the whole range is mapped writable.</summary>
    public bool TryWrite(ulong iova, ReadOnlySpan<byte> source)
    {
        if (!Covers(iova, source.Length, DmaProtection.Write)) return Fault();
        for (int done = 0, chunk; done < source.Length; done += chunk)
        {
            var m = Piece(iova, done, source.Length, out ulong offset, out chunk);
            m.Memory.Write(offset, source.Slice(done, chunk));
        }
        BytesWritten += source.Length;
        return true;
    }

    public void Clear()
    {
        foreach (var m in _mappings) m.Memory.Dispose();
        _mappings.Clear();
    }

    public void Dispose() => Clear();

    private bool Covers(ulong iova, int length, DmaProtection needed)
    {
        if (length == 0) return true;
        ulong end = iova + (ulong)length;
        if (end < iova) return false;
        ulong at = iova;
        while (at < end)
        {
            var m = Find(at);
            if (m is null || (m.Protection & needed) == 0) return false;
            at = m.End;
        }
        return true;
    }

    /// <summary>The mapping that holds byte <paramref name="done"/> of an access at <paramref name="iova"/>
    /// (known to be covered), the offset into it, and how many bytes of the access it holds.</summary>
    private Mapping Piece(ulong iova, int done, int length, out ulong offset, out int chunk)
    {
        var m = Find(iova + (ulong)done)!;
        offset = iova + (ulong)done - m.Iova;
        chunk = (int)Math.Min((ulong)(length - done), m.Size - offset);
        return m;
    }

    private Mapping? Find(ulong iova)
    {
        foreach (var m in _mappings)
            if (iova >= m.Iova && iova < m.End) return m;
        return null;
    }

    private bool Fault()
    {
        Faults++;
        return false;
    }
}
