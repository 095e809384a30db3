using Solo5Net.DevEmu.E1000;

namespace Solo5Net.Tests.DevEmu.Switch;

/// <summary>An uplink that records what the switch sends it and hands out frames queued by the test.</summary>
public sealed class FakeUplink : IFramePort
{
    public List<byte[]> Sent { get; } = [];
    public Queue<byte[]> Incoming { get; } = new();
    public bool Refuse { get; set; }

    public int Fd => -1;

    public int TryReceive(Span<byte> frame)
    {
        if (!Incoming.TryDequeue(out var next)) return -1;
        next.CopyTo(frame);
        return next.Length;
    }

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        if (Refuse) return false;
        Sent.Add(frame.ToArray());
        return true;
    }

    public void Dispose()
    {
    }
}
