namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// The frames waiting for one switch port, kept apart by the port they came from: each source has
/// its own bounded queue (a full one drops the newcomer, counted), and frames are taken from the
/// sources in turn, so one busy sender can neither fill the port's queue for everybody nor be
/// served ahead of the others. A queued frame is a copy in a buffer taken from the queues' own
/// pool and returned to it once dequeued, so steady traffic allocates nothing. Not thread-safe:
/// <see cref="FrameSwitch"/> holds its lock.
/// </summary>
public sealed class SourceQueues
{
    /// <summary>The smallest pooled buffer: an Ethernet frame with a VLAN tag and its FCS fits.</summary>
    private const int MinimumBuffer = 1536;

    private readonly record struct QueuedFrame(byte[] Buffer, int Length);

    private readonly Queue<QueuedFrame>[] _bySource;
    private readonly Stack<byte[]> _free = new();
    private readonly int _limit;
    private int _next;

    public SourceQueues(int sources, int framesPerSource)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSource, 1);
        _bySource = new Queue<QueuedFrame>[sources];
        for (int i = 0; i < sources; i++) _bySource[i] = new Queue<QueuedFrame>();
        _limit = framesPerSource;
    }

    /// <summary>Frames waiting, from all sources.</summary>
    public int Count { get; private set; }

    /// <summary>Frames refused because their source's queue was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Queues a copy of <paramref name="frame"/>; false (dropped) when its source's queue is full.</summary>
    public bool TryEnqueue(int source, ReadOnlySpan<byte> frame)
    {
        var queue = _bySource[source];
        if (queue.Count >= _limit)
        {
            Dropped++;
            return false;
        }
        var buffer = Rent(frame.Length);
        frame.CopyTo(buffer);
        queue.Enqueue(new QueuedFrame(buffer, frame.Length));
        Count++;
        return true;
    }

    /// <summary>Takes the next frame in round-robin order of sources into <paramref name="into"/>;
    /// false when none waits. <paramref name="length"/> is the frame's length; a frame longer than
    /// <paramref name="into"/> is taken but not copied (the caller counts it as dropped).</summary>
    public bool TryDequeue(Span<byte> into, out int length)
    {
        length = 0;
        if (Count == 0) return false;
        for (int i = 0; i < _bySource.Length; i++)
        {
            int source = (_next + i) % _bySource.Length;
            if (!_bySource[source].TryDequeue(out var frame)) continue;
            _next = (source + 1) % _bySource.Length;
            Count--;
            length = frame.Length;
            if (length <= into.Length) frame.Buffer.AsSpan(0, length).CopyTo(into);
            _free.Push(frame.Buffer);
            return true;
        }
        return false;
    }

    /// <summary>The next frame as a new array (for tests and diagnostics), or null when none waits.</summary>
    public byte[]? TryDequeue()
    {
        var into = new byte[MaximumQueuedLength()];
        return TryDequeue(into, out int length) ? into[..length] : null;
    }

    public void Clear()
    {
        foreach (var queue in _bySource)
            while (queue.TryDequeue(out var frame)) _free.Push(frame.Buffer);
        Count = 0;
        _next = 0;
    }

    private byte[] Rent(int length)
    {
        if (_free.TryPop(out var buffer) && buffer.Length >= length) return buffer;
        return new byte[Math.Max(length, MinimumBuffer)];
    }

    private int MaximumQueuedLength()
    {
        int longest = 0;
        foreach (var queue in _bySource)
            foreach (var frame in queue) longest = Math.Max(longest, frame.Length);
        return longest;
    }
}
