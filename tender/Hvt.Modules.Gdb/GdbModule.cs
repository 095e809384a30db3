using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Gdb;

/// <summary>
/// --gdb and --gdb-port=PORT (Solo5's spellings): before the guest's first instruction, wait on
/// 127.0.0.1:PORT (default 1234) for gdb and let it drive the guest through the remote protocol
/// (docs/gdb.md). The socket is opened and the connection accepted during Setup, before the seccomp
/// filter closes socket creation (docs/security.md).
/// </summary>
public sealed class GdbModule : ITenderModule
{
    /// <summary>Every option of this module starts with this.</summary>
    public const string OptionPrefix = "--gdb";
    public const ushort DefaultPort = 1234;
    private const string PortPrefix = "--gdb-port=";

    private bool _enabled;
    private ushort _port = DefaultPort;
    private bool _portGiven;

    public string Name => "gdb";

    public string Usage =>
        "  [ --gdb ] (wait for gdb on 127.0.0.1 before the guest's first instruction)\n" +
        $"  [ --gdb-port=PORT ] (the port for --gdb; default {DefaultPort})";

    public bool TryParseOption(string arg, ModuleOptionContext ctx)
    {
        if (arg == "--gdb")
        {
            _enabled = true;
            return true;
        }
        if (!arg.StartsWith(PortPrefix, StringComparison.Ordinal)) return false;
        var text = arg[PortPrefix.Length..];
        if (!ushort.TryParse(text, System.Globalization.NumberStyles.None, null, out _port) || _port == 0)
            throw new InvalidOptionException($"gdb: invalid port '{text}' (1-65535)");
        _portGiven = true;
        return true;
    }

    /// <summary>--gdb waits for the debugger to connect, for as long as it takes.</summary>
    public bool SetupWaitsOnPeers => _enabled;

    public void Setup(ModuleSetupContext ctx)
    {
        if (!_enabled)
        {
            if (_portGiven) ctx.Warn("gdb: --gdb-port has no effect without --gdb");
            return;
        }
        ctx.RequireNoDebugger("--gdb");
        var vcpu = ctx.DebugTarget;
        if (vcpu.SupportedControl == 0)
            throw new TenderException("gdb: this KVM does not support guest debugging (KVM_CAP_SET_GUEST_DEBUG)");

        var connection = new GdbConnection(WaitForDebugger(ctx));
        var stub = new GdbStub(connection, new KvmGdbTarget(vcpu), ctx.Warn);
        ctx.AttachDebugger(stub, "--gdb");
        ctx.RegisterHaltHook(stub.OnGuestEnded);
    }

    private FileDescriptor WaitForDebugger(ModuleSetupContext ctx)
    {
        FileDescriptor listener;
        try { listener = TcpSocket.ListenOnLoopback(_port); }
        catch (SystemCallException e) { throw new TenderException($"gdb: cannot listen on 127.0.0.1:{_port}: {e.Message}"); }
        using (listener)
        {
            ctx.Warn($"gdb: waiting for a debugger on 127.0.0.1:{_port}; connect with:");
            ctx.Warn($"gdb: gdb --ex='target remote localhost:{_port}' {ctx.KernelPath}");
            var connection = TcpSocket.Accept(listener.Number);
            ctx.Warn("gdb: debugger connected");
            return connection;
        }
    }
}
