namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>What the stub does with a command: the reply payload (null: none, as for 'k'), and whether the target runs again.</summary>
public readonly record struct GdbReply(string? Payload, GdbResume Resume = GdbResume.None, bool EndAcknowledgements = false)
{
    /// <summary>The empty reply: "this command is not supported".</summary>
    public static GdbReply Unsupported => new("");

    public static GdbReply Ok => new("OK");

    /// <summary>Exx: the command was understood and failed (<paramref name="code"/> as gdb's stubs use errno values).</summary>
    public static GdbReply Error(int code) => new("E" + Hex.Byte(code));
}

public enum GdbResume
{
    /// <summary>Stay stopped; read the next command.</summary>
    None,
    Continue,
    Step,
    /// <summary>Remove every breakpoint, let the guest run on without the debugger.</summary>
    Detach,
    /// <summary>End the run.</summary>
    Kill,
}
