using System;
using Solo5Net.Drivers.Net;

namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>A fixed-capacity FIFO of bytes over one array allocated at start.</summary>
public sealed class ByteRing
{
    private readonly byte[] _data;
    private int _head;

    public ByteRing(int capacity) => _data = new byte[capacity];

    public int Capacity => _data.Length;

    public int Count { get; private set; }

    public int Free => _data.Length - Count;

    /// <summary>Appends as much of <paramref name="source"/> as fits; returns how much.</summary>
    public int Write(ReadOnlySpan<byte> source)
    {
        var n = source.Length < Free ? source.Length : Free;
        var tail = (_head + Count) % _data.Length;
        var first = n < _data.Length - tail ? n : _data.Length - tail;
        ByteCopy.Copy(source.Slice(0, first), _data.AsSpan(tail, first));
        ByteCopy.Copy(source.Slice(first, n - first), _data.AsSpan(0, n - first));
        Count += n;
        return n;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting <paramref name="offset"/>
    /// bytes after the head, without removing them. The range must lie within <see cref="Count"/>.</summary>
    public void Peek(int offset, Span<byte> destination)
    {
        var n = destination.Length;
        var start = (_head + offset) % _data.Length;
        var first = n < _data.Length - start ? n : _data.Length - start;
        ByteCopy.Copy(_data.AsSpan(start, first), destination);
        ByteCopy.Copy(_data.AsSpan(0, n - first), destination.Slice(first));
    }

    /// <summary>Removes up to <paramref name="destination"/>.Length bytes into it; returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        var n = destination.Length < Count ? destination.Length : Count;
        Peek(0, destination.Slice(0, n));
        Discard(n);
        return n;
    }

    /// <summary>Moves as many bytes as <paramref name="destination"/> has room for; returns how many.</summary>
    public int MoveTo(ByteRing destination)
    {
        var n = Count < destination.Free ? Count : destination.Free;
        var first = n < _data.Length - _head ? n : _data.Length - _head;
        destination.Write(_data.AsSpan(_head, first));
        destination.Write(_data.AsSpan(0, n - first));
        Discard(n);
        return n;
    }

    public void Discard(int n)
    {
        if (n > Count) n = Count;
        _head = (_head + n) % _data.Length;
        Count -= n;
        if (Count == 0) _head = 0;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }
}
