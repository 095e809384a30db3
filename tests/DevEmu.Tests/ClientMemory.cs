using Solo5Net.Interop;

namespace Solo5Net.Tests.DevEmu;

/// <summary>A memfd the test shares with the device through DMA_MAP, read and written with pread/pwrite.
/// Sealed against shrinking and growing as the tender's DMA memory is (hvt-devemu maps nothing else),
/// unless a test asks for <paramref name="sealed"/> false.</summary>
public sealed class ClientMemory : IDisposable
{
    private readonly FileDescriptor _memfd;

    public ClientMemory(ulong size, bool @sealed = true)
    {
        if (@sealed)
        {
            _memfd = FileSeals.CreateFixedSizeMemory("devemu-test-dma", (long)size);
        }
        else
        {
            _memfd = Libc.MemfdCreate("devemu-test-dma", Libc.MFD_CLOEXEC | Libc.MFD_ALLOW_SEALING);
            Libc.Ftruncate(Fd, (long)size);
        }
        Size = size;
    }

    public int Fd => _memfd.Number;
    public ulong Size { get; }

    public void Write(ulong offset, ReadOnlySpan<byte> data) => Libc.Pwrite(Fd, data, (long)offset);

    public byte[] Read(ulong offset, int count)
    {
        var data = new byte[count];
        Libc.Pread(Fd, data, (long)offset);
        return data;
    }

    public void Dispose() => _memfd.Dispose();
}
