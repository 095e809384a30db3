using Solo5Net.Hvt.Modules.Gdb.Protocol;

namespace Solo5Net.Hvt.Modules.Gdb;

/// <summary>
/// The debugger on the vCPU thread: before the first instruction and at every debug exit it tells
/// gdb why the guest stopped and serves commands until gdb resumes, detaches or kills the guest.
/// When gdb goes away, breakpoints are removed and the guest runs on (docs/gdb.md §4).
/// </summary>
public sealed class GdbStub : IGuestDebugger
{
    private const ulong Dr6SingleStep = 1UL << 14, Dr6BreakpointHits = 0xF;

    private readonly GdbConnection _connection;
    private readonly KvmGdbTarget _target;
    private readonly GdbCommandProcessor _commands;
    private readonly Action<string> _report;
    private bool _detached;

    public GdbStub(GdbConnection connection, KvmGdbTarget target, Action<string> report)
    {
        _connection = connection;
        _target = target;
        _commands = new GdbCommandProcessor(target);
        _report = report;
    }

    /// <summary>True while gdb is connected and has neither detached nor killed the guest.</summary>
    public bool IsAttached => !_detached && _connection.IsOpen;

    public void OnStart() => Serve();

    public void OnDebugEvent(DebugEvent debugEvent)
    {
        if (!IsAttached) return;
        Stop(Classify(debugEvent));
    }

    /// <summary>The guest halted or the run ended: gdb hears the exit status, or the signal that ended the tender.</summary>
    public void OnGuestEnded(HaltContext halt)
    {
        if (!IsAttached) return;
        _connection.SendPacket(halt.Signal is int signal ? StopReply.Terminated(signal) : StopReply.Exited(halt.ExitStatus));
        _connection.Dispose();
    }

    /// <summary>
    /// A hlt that is one of the stub's software breakpoints stops the guest there: KVM reports it
    /// with rip after the hlt, gdb expects rip at the breakpoint's address.
    /// </summary>
    public bool OnHaltInstruction()
    {
        if (!IsAttached) return false;
        var registers = _target.ReadRegisters();
        ulong rip = registers[Amd64Registers.Rip];
        ulong at = _target.HasSoftwareBreakpoint(rip - 1) ? rip - 1 : _target.HasSoftwareBreakpoint(rip) ? rip : ulong.MaxValue;
        if (at == ulong.MaxValue) return false;
        if (at != rip)
        {
            registers[Amd64Registers.Rip] = at;
            _target.WriteRegisters(registers);
        }
        Stop(StopReason.SoftwareBreakpoint);
        return true;
    }

    /// <summary>A single step ends, or a debug register hits (DR6 says which).</summary>
    private static StopReason Classify(DebugEvent debugEvent) =>
        (debugEvent.Dr6 & Dr6BreakpointHits) != 0 && (debugEvent.Dr6 & Dr6SingleStep) == 0
            ? StopReason.HardwareBreakpoint : StopReason.None;

    private void Stop(StopReason reason)
    {
        _commands.LastStop = StopReply.Stopped(StopReply.Trap, reason);
        _connection.SendPacket(_commands.LastStop);
        Serve();
    }

    private void Serve()
    {
        while (_connection.ReceivePacket() is { } packet)
        {
            var reply = _commands.Handle(packet);
            if (reply.Payload != null) _connection.SendPacket(reply.Payload);
            if (reply.EndAcknowledgements) _connection.EndAcknowledgements();
            switch (reply.Resume)
            {
                case GdbResume.Continue:
                case GdbResume.Step:
                    _target.PrepareResume(step: reply.Resume == GdbResume.Step);
                    return;
                case GdbResume.Detach:
                    Detach("gdb: debugger detached; the guest runs on");
                    return;
                case GdbResume.Kill:
                    _detached = true;
                    _connection.Dispose();
                    throw new TenderException("gdb: the debugger killed the guest");
            }
        }
        Detach("gdb: debugger disconnected; the guest runs on");
    }

    private void Detach(string message)
    {
        _detached = true;
        _target.RemoveAll();
        _connection.Dispose();
        _report(message);
    }
}
