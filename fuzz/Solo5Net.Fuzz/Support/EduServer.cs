using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Edu;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.Fuzz.Support;

/// <summary>
/// hvt-devemu's handling of one client, in this process: the real <see cref="MessageChannel"/> and
/// <see cref="ClientSession"/> over the edu model, with <see cref="ClientMemorySize"/> bytes of the
/// client's memory DMA-mapped at <see cref="DmaIova"/> beforehand (a descriptor cannot travel in a
/// recorded stream). The connection ends as <c>ClientConnection</c> ends it: at end of stream, at a
/// framing error, or when the client is gone.
/// </summary>
public sealed class EduServer : IDisposable
{
    public const ulong DmaIova = 0x100000, ClientMemorySize = 0x10000;
    private readonly FileDescriptor _clientMemory;

    public EduServer()
    {
        // Sealed as the tender's DMA memory is: hvt-devemu maps nothing a client could shrink.
        _clientMemory = FileSeals.CreateFixedSizeMemory("fuzz-client-memory", (long)ClientMemorySize);
    }

    /// <summary>Serves the client on <paramref name="socket"/> (owned from now on) until the connection ends.</summary>
    public void Serve(FileDescriptor socket)
    {
        using var channel = new MessageChannel(socket);
        using var dma = new DmaSpace();
        if (dma.Map(new DmaMapRequest(DmaProtection.Read | DmaProtection.Write, 0, DmaIova, ClientMemorySize), _clientMemory.Number) != 0)
            throw new InvalidOperationException("the fuzz target's own DMA mapping was refused");
        using var device = new EduDevice(dma);
        var session = new ClientSession(channel, device, dma);
        try
        {
            while (channel.Receive(timeoutMs: 10_000) is { } message)
                using (message) session.Handle(message);
        }
        catch (VfioUserProtocolException) { }
        catch (SystemCallException e) when (e.ErrorNumber is Errno.EPIPE or Errno.ECONNRESET) { }
    }

    public void Dispose() => _clientMemory.Dispose();
}
