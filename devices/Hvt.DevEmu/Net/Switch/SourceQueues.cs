namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// The frames waiting for one switch port, kept apart by the port they came from: each source has
/// its own bounded queue (a full one drops the newcomer, counted), and frames are taken from the
/// sources in turn, so one busy sender can neither fill the port's queue for everybody nor be
/// served ahead of the others. Not thread-safe: <see cref="FrameSwitch"/> holds its lock.
/// </summary>
public sealed class SourceQueues
{
    private readonly Queue<byte[]>[] _bySource;
    private readonly int _limit;
    private int _next;

    public SourceQueues(int sources, int framesPerSource)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSource, 1);
        _bySource = Enumerable.Range(0, sources).Select(_ => new Queue<byte[]>()).ToArray();
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
        queue.Enqueue(frame.ToArray());
        Count++;
        return true;
    }

    /// <summary>The next frame in round-robin order of sources, or null when none waits.</summary>
    public byte[]? TryDequeue()
    {
        if (Count == 0) return null;
        for (int i = 0; i < _bySource.Length; i++)
        {
            int source = (_next + i) % _bySource.Length;
            if (!_bySource[source].TryDequeue(out var frame)) continue;
            _next = (source + 1) % _bySource.Length;
            Count--;
            return frame;
        }
        return null;
    }

    public void Clear()
    {
        foreach (var queue in _bySource) queue.Clear();
        Count = 0;
        _next = 0;
    }
}
