using System;
using Solo5Net.Drivers.Net;

namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>A fixed-capacity FIFO of bytes over one array allocated at start, with the checksum
/// sums of the runs it was written in (<see cref="RunSums"/>).</summary>
public sealed class ByteRing
{
    private readonly byte[] _data;
    private readonly RunSums _sums = new();
    private int _head;

    public ByteRing(int capacity) => _data = new byte[capacity];

    public int Capacity => _data.Length;

    public int Count { get; private set; }

    public int Free => _data.Length - Count;

    /// <summary>Appends as much of <paramref name="source"/> as fits; returns how much.</summary>
    public int Write(ReadOnlySpan<byte> source) => Write(source, RunSums.Unknown);

    /// <summary>Appends as much of <paramref name="source"/> as fits and returns how much; if all of it
    /// fits, <paramref name="sum"/> (its <see cref="InternetChecksum.Sum"/>, or
    /// <see cref="RunSums.Unknown"/>) is kept for <see cref="TrySum"/>.</summary>
    public int Write(ReadOnlySpan<byte> source, int sum)
    {
        var n = CopyIn(source);
        _sums.Append(n, n == source.Length ? sum : RunSums.Unknown);
        return n;
    }

    /// <summary>The <see cref="InternetChecksum.Sum"/> of the <paramref name="length"/> bytes
    /// <paramref name="offset"/> bytes after the head, if it is known without summing them: the range
    /// is made of whole runs written with their sums.</summary>
    public bool TrySum(int offset, int length, out ushort sum) => _sums.TrySum(offset, length, out sum);

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting <paramref name="offset"/>
    /// bytes after the head, without removing them. The range must lie within <see cref="Count"/>.</summary>
    public void Peek(int offset, Span<byte> destination)
    {
        var n = destination.Length;
        var start = _head + offset;
        if (start >= _data.Length) start -= _data.Length;
        var first = _data.Length - start;
        if (n <= first)
        {
            ByteCopy.Copy(new ReadOnlySpan<byte>(_data, start, n), destination);
            return;
        }
        ByteCopy.Copy(new ReadOnlySpan<byte>(_data, start, first), destination);
        ByteCopy.Copy(new ReadOnlySpan<byte>(_data, 0, n - first), destination.Slice(first));
    }

    /// <summary>Removes up to <paramref name="destination"/>.Length bytes into it; returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        var n = destination.Length < Count ? destination.Length : Count;
        Peek(0, destination.Slice(0, n));
        Discard(n);
        return n;
    }

    /// <summary>Moves as many bytes as <paramref name="destination"/> has room for, with their run
    /// sums; returns how many.</summary>
    public int MoveTo(ByteRing destination)
    {
        var n = Count < destination.Free ? Count : destination.Free;
        if (n == 0) return 0;
        var first = _data.Length - _head;
        if (n <= first)
        {
            destination.CopyIn(new ReadOnlySpan<byte>(_data, _head, n));
        }
        else
        {
            destination.CopyIn(new ReadOnlySpan<byte>(_data, _head, first));
            destination.CopyIn(new ReadOnlySpan<byte>(_data, 0, n - first));
        }
        _sums.MoveTo(destination._sums, n);
        Remove(n);
        return n;
    }

    public void Discard(int n)
    {
        if (n > Count) n = Count;
        _sums.Discard(n);
        Remove(n);
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
        _sums.Clear();
    }

    /// <summary>Appends as much of <paramref name="source"/> as fits, without its run sum; returns how much.</summary>
    private int CopyIn(ReadOnlySpan<byte> source)
    {
        var free = _data.Length - Count;
        var n = source.Length < free ? source.Length : free;
        var tail = _head + Count;
        if (tail >= _data.Length) tail -= _data.Length;
        var first = _data.Length - tail;
        if (n <= first)
        {
            ByteCopy.Copy(source.Slice(0, n), new Span<byte>(_data, tail, n));
        }
        else
        {
            ByteCopy.Copy(source.Slice(0, first), new Span<byte>(_data, tail, first));
            ByteCopy.Copy(source.Slice(first, n - first), _data);
        }
        Count += n;
        return n;
    }

    private void Remove(int n)
    {
        _head += n;
        if (_head >= _data.Length) _head -= _data.Length;
        Count -= n;
        if (Count == 0) _head = 0;
    }
}
