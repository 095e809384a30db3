using System;

namespace Solo5Net.Guest
{
    public enum LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3 }

    /// <summary>"Solo5: "-prefixed messages, filtered by --solo5:quiet|error|warn|info|debug
    /// (quiet = error; default info).</summary>
    public static class Log
    {
        public static LogLevel Level { get; internal set; } = LogLevel.Info;

        public static bool Enabled(LogLevel level) => level <= Level;

        public static void Error(string text) => Write(LogLevel.Error, text);
        public static void Warn(string text) => Write(LogLevel.Warn, text);
        public static void Info(string text) => Write(LogLevel.Info, text);
        public static void Debug(string text) => Write(LogLevel.Debug, text);

        /// <summary>A writer that already holds "Solo5: "; finish the line and call WriteToConsole.</summary>
        public static LineWriter Begin(Span<byte> buffer) => new LineWriter(buffer).Append("Solo5: "u8);

        /// <summary>UTF-8 text (e.g. a "..."u8 literal), written as it is.</summary>
        public static void Error(ReadOnlySpan<byte> utf8) => Write(LogLevel.Error, utf8);
        public static void Warn(ReadOnlySpan<byte> utf8) => Write(LogLevel.Warn, utf8);
        public static void Info(ReadOnlySpan<byte> utf8) => Write(LogLevel.Info, utf8);
        public static void Debug(ReadOnlySpan<byte> utf8) => Write(LogLevel.Debug, utf8);

        private static void Write(LogLevel level, ReadOnlySpan<byte> utf8)
        {
            if (!Enabled(level)) return;
            Span<byte> buffer = stackalloc byte[256];
            Begin(buffer).Append(utf8).WriteToConsole();
        }

        private static void Write(LogLevel level, string text)
        {
            if (!Enabled(level)) return;
            Span<byte> buffer = stackalloc byte[256];
            Begin(buffer).Append(text).WriteToConsole();
        }
    }
}
