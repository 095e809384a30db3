using Solo5Net.DevEmu.E1000;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// One device instance's attachment to a <see cref="FrameSwitch"/>, as the device sees its wire: an
/// eventfd that is readable while frames wait for it, frames taken in round-robin order of their
/// sources, and frames sent into the switch. Disposing it (the device does, when its client is gone)
/// detaches it: its waiting frames, its addresses and its eventfd go with it.
/// </summary>
public sealed class SwitchPort : IFramePort
{
    private readonly FrameSwitch _switch;
    private readonly SourceQueues _queues;
    private readonly FileDescriptor _wake = Eventfd.Create();
    private int _fd;

    internal SwitchPort(FrameSwitch owner, int number, SourceQueues queues)
    {
        _switch = owner;
        _queues = queues;
        _fd = _wake.Number;
        Number = number;
    }

    public int Number { get; }
    public int Fd => _fd;

    /// <summary>Frames dropped because the queue for their source was full (this client did not keep up).</summary>
    public long QueueDrops { get; private set; }

    /// <summary>Frames taken by the device.</summary>
    public long Received { get; private set; }

    public int TryReceive(Span<byte> frame) => _switch.Take(this, frame);

    /// <summary>Always true: like a real switch, what cannot be delivered is dropped inside it.</summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        _switch.Forward(Number, frame);
        return true;
    }

    public void Dispose() => _switch.Detach(this);

    // The members below run under the switch's lock.

    internal void Enqueue(int source, ReadOnlySpan<byte> frame)
    {
        bool wasEmpty = _queues.Count == 0;
        if (!_queues.TryEnqueue(source, frame))
        {
            QueueDrops++;
            return;
        }
        if (wasEmpty) Eventfd.Signal(_fd);
    }

    internal int Dequeue(Span<byte> into)
    {
        while (_queues.TryDequeue(into, out int length))
        {
            if (length > into.Length)
            {
                QueueDrops++;
                continue;
            }
            Received++;
            return length;
        }
        if (_fd >= 0) Eventfd.Drain(_fd);
        return -1;
    }

    internal void Close()
    {
        _queues.Clear();
        _fd = -1;
        _wake.Dispose();
    }
}
