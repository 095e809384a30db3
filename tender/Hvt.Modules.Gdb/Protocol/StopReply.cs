namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>The stop replies (docs/gdb.md §2): why the target stopped, or that it is gone.</summary>
public static class StopReply
{
    /// <summary>SIGTRAP, the signal of every debug stop.</summary>
    public const int Trap = 5;

    public static string Stopped(int signal, StopReason reason = StopReason.None) => reason switch
    {
        StopReason.SoftwareBreakpoint => $"T{Hex.Byte(signal)}swbreak:;thread:01;",
        StopReason.HardwareBreakpoint => $"T{Hex.Byte(signal)}hwbreak:;thread:01;",
        _ => $"T{Hex.Byte(signal)}thread:01;",
    };

    /// <summary>The guest exited with <paramref name="status"/> (only the low 8 bits travel, as a process's exit code).</summary>
    public static string Exited(int status) => "W" + Hex.Byte(status);

    /// <summary>The run ended by <paramref name="signal"/>.</summary>
    public static string Terminated(int signal) => "X" + Hex.Byte(signal);
}

public enum StopReason { None, SoftwareBreakpoint, HardwareBreakpoint }
