namespace Solo5Net.VfioUser;

/// <summary>
/// The ids of the posted writes (REGION_WRITE sent with no reply wanted) that a server may still
/// answer: those sent since the last request whose reply arrived. The protocol lets a server answer
/// a command that asked for no reply, and it handles one connection's messages in order
/// (docs/vfio-user.md, "The client's behaviour"), so such an answer comes before the reply of any
/// later request: a reply to one of these ids is a late answer to a posted write, not a reply to a
/// request the client never sent, and once a later request is answered none of them can come any more.
/// </summary>
internal sealed class PostedWriteWindow
{
    /// <summary>Every id but one: the next request's id stays outside the window.</summary>
    private const int Capacity = ushort.MaxValue;

    private ushort _first;
    private int _count;

    /// <summary>A posted write was sent with <paramref name="id"/> (ids are handed out in order).</summary>
    public void Add(ushort id)
    {
        if (_count == 0)
        {
            _first = id;
            _count = 1;
            return;
        }
        int span = (ushort)(id - _first) + 1;
        if (span > Capacity) _first = (ushort)(id - Capacity + 1);   // the oldest cannot be told from the newest any more
        _count = Math.Min(span, Capacity);
    }

    /// <summary>True if <paramref name="reply"/> answers one of the posted writes; that write and every
    /// earlier one are then done with (the server handled them in order).</summary>
    public bool TryRetire(MessageHeader reply)
    {
        if (reply.Command != Command.RegionWrite || _count == 0) return false;
        int position = (ushort)(reply.MessageId - _first);
        if (position >= _count) return false;
        _first = (ushort)(reply.MessageId + 1);
        _count -= position + 1;
        return true;
    }

    /// <summary>A later request was answered: every posted write before it has been handled.</summary>
    public void Clear() => _count = 0;
}
