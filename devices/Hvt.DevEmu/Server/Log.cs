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
        lock (OnceKeys)
            if (!OnceKeys.Add(key)) return;
        Debug(message());
    }

    private static void Write(string message)
    {
        lock (OnceKeys) Console.Error.WriteLine("hvt-devemu: " + message);
    }
}
