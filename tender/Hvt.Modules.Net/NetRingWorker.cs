using Solo5Net.Abi;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>
/// The host side of ring I/O (docs/hvt-abi.md §5.3): a thread that takes guest submissions in order,
/// writes frames to the taps and answers reads with commits. It spins briefly for new work, then
/// sets needs_kick and sleeps on the eventfd that KVM signals when the guest writes port 0x600.
/// </summary>
internal sealed class NetRingWorker
{
    private const int SpinIterations = 4096;
    private readonly NetRing _ring;
    private readonly GuestMemory _memory;
    private readonly IReadOnlyDictionary<int, NetDevice> _devices;
    private readonly FileDescriptor _kick;
    private readonly int _kickFd;   // read once for the ring thread (see FileDescriptor)
    private readonly Thread _thread;
    private readonly Action _enterRole;
    private volatile bool _stopping;
    private readonly Action<TenderException> _fail;
    private bool _started;

    /// <param name="enterRole">Narrows the thread's seccomp filter to its role (docs/security.md), first thing on it.</param>
    /// <param name="fail">Ends the run on a fatal error of this thread (<see cref="ModuleSetupContext.FailRun"/>).</param>
    public NetRingWorker(NetRing ring, GuestMemory memory, IReadOnlyDictionary<int, NetDevice> devices, FileDescriptor kick,
        Action enterRole, Action<TenderException> fail)
    {
        _enterRole = enterRole;
        _fail = fail;
        _ring = ring;
        _memory = memory;
        _devices = devices;
        _kick = kick;
        _kickFd = kick.Number;
        _thread = new Thread(Run, maxStackSize: 256 * 1024) { Name = "net-ring", IsBackground = true };
    }

    public void Start()
    {
        _thread.Start();
        _started = true;
    }

    /// <summary>Stops and joins the thread (at HALT or on a signal).</summary>
    public void Stop()
    {
        _stopping = true;
        Eventfd.Signal(_kickFd);
        if (Thread.CurrentThread == _thread) return;
        if (_started) _thread.Join();   // a failed set-up stops a worker that never started
        _kick.Dispose();
    }

    private void Run()
    {
        try
        {
            _enterRole();
            while (WaitForSubmissions()) ProcessSubmissions();
            ProcessSubmissions();   // what the guest submitted before it halted still goes out
        }
        catch (TenderException e)
        {
            // A fatal condition on this thread ends the whole tender, as in Solo5, but in order: the
            // vCPU stops first, then the halt hooks run (this thread is joined by then).
            _fail(e);
        }
    }

    /// <summary>Returns false when asked to stop.</summary>
    private bool WaitForSubmissions()
    {
        while (!_stopping)
        {
            for (int i = 0; i < SpinIterations; i++)
            {
                if (HasWork()) return true;
                Thread.SpinWait(1);
            }
            _ring.NeedsKick = true;
            Interlocked.MemoryBarrier();
            if (!HasWork() && !_stopping) Sleep();
            _ring.NeedsKick = false;
            Interlocked.MemoryBarrier();
        }
        return false;
    }

    private bool HasWork()
    {
        Interlocked.MemoryBarrier();
        return _ring.EntHead != _ring.EntTail;
    }

    private void Sleep()
    {
        Span<byte> counter = stackalloc byte[8];
        long n = Libc.TryRead(_kickFd, counter);
        if (n < 0 && n != -Errno.EAGAIN) throw new TenderException($"Fatal error reading the ring eventfd: {Libc.StrError((int)-n)}");
    }

    internal void ProcessSubmissions()
    {
        uint head = _ring.EntHead;
        uint tail = _ring.EntTail;
        Interlocked.MemoryBarrier();    // entries are read only after the tail that covers them
        while (head != tail)
        {
            var entry = _ring.ReadEntry(head);
            if (entry.Op == (uint)HvtRingOp.NetRead)
            {
                _ring.EntHead = head;   // publish the writes before it first
                var (result, length) = Read(entry);
                _ring.WriteCommit(_ring.ComTail, entry.Id, result, length);
                Interlocked.MemoryBarrier();
                _ring.ComTail = _ring.ComTail + 1;
            }
            else if (entry.Op == (uint)HvtRingOp.NetWrite)
            {
                Write(entry);
            }
            head++;
            if (entry.Op == (uint)HvtRingOp.NetRead) _ring.EntHead = head;
        }
        Interlocked.MemoryBarrier();
        _ring.EntHead = head;
    }

    private void Write(in HvtRingEntry entry)
    {
        if (!_devices.TryGetValue((int)entry.Handle, out var device)) return;   // silently skipped, as in Solo5
        var frame = _memory.ReadOnlySlice(entry.Data, entry.Len);
        long written = Libc.TryWrite(device.Fd, frame);
        if (written < 0) throw new TenderException($"Fatal write error on net device: {Libc.StrError((int)-written)}");
        if (written != entry.Len) throw new TenderException($"Fatal write error: wrote only {written} out of {entry.Len} bytes");
    }

    private (Solo5Result, uint) Read(in HvtRingEntry entry)
    {
        if (!_devices.TryGetValue((int)entry.Handle, out var device)) return (Solo5Result.Invalid, 0);
        long received = Libc.TryRead(device.Fd, _memory.Slice(entry.Data, entry.Len));
        if (received == 0 || received == -Errno.EAGAIN) return (Solo5Result.Again, 0);
        if (received < 0) return (Solo5Result.Invalid, 0);
        return (Solo5Result.Ok, (uint)received);
    }
}
