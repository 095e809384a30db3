using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// The thread "vcpu0" running the <see cref="RunLoop"/>, and the one way to stop it from another
/// thread (docs/architecture.md §2, exit paths): immediate_exit, POLL interrupted, a signal to the
/// thread so it leaves KVM_RUN, a join with a bound; then the modules' abort hooks (a vfio-user
/// connection the vCPU waits on is shut down) and a second bounded join. Only a stopped vCPU lets
/// the tender delete memory slots, unmap memory or clear state the vCPU reads.
/// </summary>
internal sealed class VcpuThread
{
    /// <summary>How long a vCPU gets to leave KVM_RUN or a handler on its own before the abort hooks run.</summary>
    private static readonly TimeSpan PoliteStop = TimeSpan.FromMilliseconds(150);
    /// <summary>How long it gets once every wait on a peer has been aborted.</summary>
    private static readonly TimeSpan ForcedStop = TimeSpan.FromMilliseconds(300);

    private readonly RunLoop _loop;
    private readonly PollSet _poll;
    private readonly Thread _thread;
    private readonly Action _enterRole;
    private readonly Action _ended;
    private int _threadId;
    private int _started;   // 1 once Start ran, 2 when a stop came first (it then never starts)

    /// <param name="enterRole">Narrows the thread's seccomp filter to its role (docs/security.md), first thing on it.</param>
    /// <param name="ended">Called on the thread as its last act (the main thread waits for it together with signals).</param>
    public VcpuThread(RunLoop loop, PollSet poll, Action enterRole, Action ended)
    {
        _enterRole = enterRole;
        _ended = ended;
        _loop = loop;
        _poll = poll;
        _thread = new Thread(Body, maxStackSize: 1 << 20) { Name = "vcpu0", IsBackground = true };
    }

    /// <summary>The guest's HALT, once the thread ended that way.</summary>
    public HaltContext? Halt { get; private set; }

    /// <summary>What ended the thread otherwise (null when it halted or was stopped).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The thread ended because <see cref="RequestStop"/> or <see cref="Stop"/> stopped it.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Starts the thread, unless a stop was requested first (then returns false).</summary>
    public bool Start()
    {
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0) return false;
        _thread.Start();
        return true;
    }

    /// <summary>Waits for the thread (started or not) to end.</summary>
    public void Join()
    {
        if (Volatile.Read(ref _started) == 1) _thread.Join();
    }

    /// <summary>Asks the vCPU to stop and returns at once; <see cref="Join"/> then waits for it.</summary>
    public void RequestStop()
    {
        if (Interlocked.CompareExchange(ref _started, 2, 0) == 0) return;   // never started, never will
        _loop.RequestStop();
        _poll.Interrupt();
        Kick();
    }

    /// <summary>Stops the vCPU and waits for it, within bounds; false when it is still running then
    /// (blocked somewhere no abort reaches), in which case nothing it uses may be released.</summary>
    public bool Stop(IReadOnlyList<Action> abortHooks)
    {
        RequestStop();
        if (Volatile.Read(ref _started) != 1 || _thread.Join(PoliteStop)) return true;
        foreach (var abort in abortHooks)
        {
            try { abort(); }
            catch (Exception e) { Diagnostics.Report(e.Message); }
        }
        Kick();
        return _thread.Join(ForcedStop);
    }

    /// <summary>The signal makes a KVM_RUN in progress return EINTR (a wait in POLL or on a socket too);
    /// immediate_exit, set before, covers a vCPU just about to enter.</summary>
    private void Kick()
    {
        int id = Volatile.Read(ref _threadId);
        if (id != 0) ThreadSignal.Send(id, ThreadSignal.Kick);
    }

    private void Body()
    {
        Volatile.Write(ref _threadId, ThreadSignal.CurrentThreadId());
        try
        {
            _enterRole();
            Halt = _loop.Run();
        }
        catch (VcpuStoppedException) { Stopped = true; }
        catch (Exception e) { Failure = e; }
        finally { _ended(); }
    }
}
