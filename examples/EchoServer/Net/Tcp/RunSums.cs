namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>
/// The Internet checksum sums (<see cref="InternetChecksum.Sum"/>) of the consecutive runs of bytes
/// held by a <see cref="ByteRing"/>, front to back, in the pieces they were written in. A received
/// segment's payload is summed anyway when its checksum is checked; kept here, its sum serves again
/// when the same bytes go out (an echo), so they are not summed twice. A run whose sum is not known
/// (written without one, or cut by a partial discard) keeps only its length. A fixed number of runs:
/// when all are in use, a new run is joined to the last (sums concatenate exactly).
/// </summary>
public sealed class RunSums
{
    /// <summary>The sum of a run that has none.</summary>
    public const int Unknown = -1;

    private const int Capacity = 64; // a power of two
    private const int Mask = Capacity - 1;

    private readonly int[] _lengths = new int[Capacity];
    private readonly int[] _sums = new int[Capacity];
    private int _first, _count;
    // Where the last TrySum ended: run number _cursorRun (from the front) starts _cursorOffset bytes
    // after the front. The next segment to send usually starts there, so the walk starts there too.
    private int _cursorRun, _cursorOffset;

    /// <summary>Adds a run of <paramref name="length"/> bytes after the others.</summary>
    public void Append(int length, int sum)
    {
        if (length == 0) return;
        if (_count == Capacity)
        {
            var last = (_first + _count - 1) & Mask;
            var lastSum = _sums[last];
            _sums[last] = lastSum == Unknown || sum == Unknown
                ? Unknown
                : InternetChecksum.Concatenate((ushort)lastSum, _lengths[last], (ushort)sum);
            _lengths[last] += length;
            // The cursor may stand at the end, which moved.
            _cursorRun = 0;
            _cursorOffset = 0;
            return;
        }
        var i = (_first + _count) & Mask;
        _lengths[i] = length;
        _sums[i] = sum;
        _count++;
    }

    /// <summary>Removes the first <paramref name="n"/> bytes; a run cut by this loses its sum.</summary>
    public void Discard(int n)
    {
        while (n > 0 && _count > 0)
        {
            var length = _lengths[_first];
            if (n < length)
            {
                _lengths[_first] = length - n;
                _sums[_first] = Unknown;
                if (_cursorRun > 0) _cursorOffset -= n;
                return;
            }
            n -= length;
            _first = (_first + 1) & Mask;
            _count--;
            if (_cursorRun > 0)
            {
                _cursorRun--;
                _cursorOffset -= length;
            }
        }
    }

    /// <summary>The sum of the <paramref name="length"/> bytes <paramref name="offset"/> bytes after the
    /// front, if both ends of that range are ends of runs and every run in it has a known sum.</summary>
    public bool TrySum(int offset, int length, out ushort sum)
    {
        sum = 0;
        var k = 0;
        var position = 0;
        if (offset >= _cursorOffset)
        {
            k = _cursorRun;
            position = _cursorOffset;
        }
        while (position < offset && k < _count) position += _lengths[(_first + k++) & Mask];
        _cursorRun = k;
        _cursorOffset = position;
        if (position != offset) return false;
        var covered = 0;
        while (covered < length && k < _count)
        {
            var i = (_first + k++) & Mask;
            var runSum = _sums[i];
            if (runSum == Unknown) return false;
            sum = InternetChecksum.Concatenate(sum, covered, (ushort)runSum);
            covered += _lengths[i];
        }
        if (covered != length) return false;
        _cursorRun = k;
        _cursorOffset = offset + covered;
        return true;
    }

    /// <summary>Moves the runs of the first <paramref name="n"/> bytes to the end of
    /// <paramref name="destination"/> (a run cut at <paramref name="n"/> goes without its sum).</summary>
    public void MoveTo(RunSums destination, int n)
    {
        var moved = 0;
        for (var k = 0; moved < n && k < _count; k++)
        {
            var i = (_first + k) & Mask;
            var length = _lengths[i];
            if (moved + length <= n) destination.Append(length, _sums[i]);
            else destination.Append(n - moved, Unknown);
            moved += length;
        }
        Discard(n);
    }

    public void Clear()
    {
        _first = 0;
        _count = 0;
        _cursorRun = 0;
        _cursorOffset = 0;
    }
}
