namespace Solo5Net.DevEmu.E1000;

/// <summary>Where the NIC's frames go and come from (a tap; a fake in tests).</summary>
public interface IFramePort : IDisposable
{
    /// <summary>Descriptor to poll for incoming frames, or -1.</summary>
    int Fd { get; }

    /// <summary>Reads one waiting frame; returns its length, or -1 when none is waiting.</summary>
    int TryReceive(Span<byte> frame);

    /// <summary>Sends one frame; false if it could not be sent now (dropped).</summary>
    bool TrySend(ReadOnlySpan<byte> frame);
}
