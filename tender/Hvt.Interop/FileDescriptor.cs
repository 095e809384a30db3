namespace Solo5Net.Interop;

/// <summary>
/// An open file descriptor together with the duty to close it. Every opener in this layer returns one;
/// <see cref="Dispose"/> closes it exactly once, so an error path needs no close of its own: open with
/// <c>using var fd = ...</c> and, once set-up has succeeded, hand the descriptor on with
/// <see cref="Transfer"/> (the new object owns it, the old one then closes nothing).
/// <para>
/// <see cref="Number"/> is the raw number system calls take, and this type is the one place that
/// defines its rule: the number is valid only while its owner is open. Hot paths (KVM_RUN, tap reads and
/// writes, the net ring thread, POLL's epoll_wait) read it once into a field of an object that holds the
/// owner and disposes it last, so they pay no per-call cost over a plain <c>int</c>.
/// </para>
/// <para>
/// Deliberately no finalizer (unlike <c>SafeHandle</c>): a number read by a running thread must never be
/// closed behind it by the garbage collector, where the next open could reuse it. A descriptor whose
/// owner is never disposed stays open until the process exits, as the kernel would have it.
/// </para>
/// </summary>
public sealed class FileDescriptor : IDisposable
{
    private int _number;
    private readonly Action<int>? _close;

    /// <summary>Takes ownership of an open descriptor <paramref name="number"/>.</summary>
    public FileDescriptor(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        _number = number;
    }

    /// <summary>A descriptor of a substitute for a kernel interface (a test double of the VFIO ioctls):
    /// disposing calls <paramref name="close"/> instead of close(2).</summary>
    public FileDescriptor(int number, Action<int> close) : this(number) => _close = close;

    /// <summary>The raw descriptor number for a system call; valid while this owner is open.</summary>
    public int Number => _number >= 0 ? _number : throw new ObjectDisposedException(nameof(FileDescriptor));

    /// <summary>True once closed, transferred or released.</summary>
    public bool IsClosed => Volatile.Read(ref _number) < 0;

    /// <summary>Moves ownership to a new object; this one is left closed without closing the descriptor.</summary>
    public FileDescriptor Transfer()
    {
        int number = Release();
        return _close == null ? new(number) : new(number, _close);
    }

    /// <summary>Gives up ownership and returns the number: the caller (or the kernel object or process it
    /// goes to) closes it from now on.</summary>
    public int Release()
    {
        int number = Interlocked.Exchange(ref _number, -1);
        return number >= 0 ? number : throw new ObjectDisposedException(nameof(FileDescriptor));
    }

    /// <summary>Closes the descriptor (once; later calls do nothing). A close error is ignored: the
    /// descriptor is gone either way (close(2)).</summary>
    public void Dispose()
    {
        int number = Interlocked.Exchange(ref _number, -1);
        if (number < 0) return;
        if (_close != null) _close(number);
        else Libc.close_raw(number);
    }

    public override string ToString() => _number >= 0 ? $"fd {_number}" : "closed fd";
}
