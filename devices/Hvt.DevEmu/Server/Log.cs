namespace Solo5Net.DevEmu.Server;

/// <summary>One-line diagnostics on stderr, prefixed with the program name; debug lines only when verbose.</summary>
public static class Log
{
    private static readonly HashSet<string> OnceKeys = [];

    public static bool Verbose { get; set; }

    public static void Info(string message) => Write(message);

    public static void Warn(string message) => Write("warning: " + message);

    public static void Debug(string message)
    {
        if (Verbose) Write(message);
    }

    /// <summary>Logs at debug level the first time <paramref name="key"/> is seen, never again.</summary>
    public static void DebugOnce(string key, Func<string> message)
    {
        if (FirstTime(key)) Debug(message());
    }

    /// <summary>True the first time <paramref name="key"/> is seen. Per-request and per-frame paths
    /// write <c>if (Log.FirstTime(key)) Log.Debug(...)</c>: no message and no closure is built on
    /// the calls after the first.</summary>
    public static bool FirstTime(string key)
    {
        lock (OnceKeys) return OnceKeys.Add(key);
    }

    private static void Write(string message)
    {
        lock (OnceKeys) Console.Error.WriteLine("hvt-devemu: " + message);
    }
}
