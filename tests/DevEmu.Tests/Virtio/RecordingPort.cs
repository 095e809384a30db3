using Solo5Net.DevEmu.E1000;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>A wire that records what the NIC sends and never delivers anything by itself.</summary>
public sealed class RecordingPort : IFramePort
{
    public List<byte[]> Sent { get; } = [];
    public int Fd => -1;
    public int TryReceive(Span<byte> frame) => -1;

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        Sent.Add(frame.ToArray());
        return true;
    }

    public void Dispose() { }
}
