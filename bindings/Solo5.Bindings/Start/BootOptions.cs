using System;

namespace Solo5Net.Guest
{
    /// <summary>Leading `--solo5:LEVEL` tokens of the command line (quiet|error|warn|info|debug);
    /// they are removed before the application sees the command line.</summary>
    internal static class BootOptions
    {
        public static ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> commandLine)
        {
            ReadOnlySpan<byte> prefix = "--solo5:"u8;
            Span<byte> line = stackalloc byte[128];
            while (commandLine.StartsWith(prefix))
            {
                int end = commandLine.IndexOf((byte)' ');
                ReadOnlySpan<byte> value = (end < 0 ? commandLine : commandLine.Slice(0, end)).Slice(prefix.Length);
                if (value.SequenceEqual("quiet"u8) || value.SequenceEqual("error"u8)) Log.Level = LogLevel.Error;
                else if (value.SequenceEqual("warn"u8)) Log.Level = LogLevel.Warn;
                else if (value.SequenceEqual("info"u8)) Log.Level = LogLevel.Info;
                else if (value.SequenceEqual("debug"u8)) Log.Level = LogLevel.Debug;
                else
                {
                    if (Log.Enabled(LogLevel.Warn))
                        Log.Begin(line).Append("unknown option ignored: --solo5:").AppendBytes(value).Append("\n").WriteToConsole();
                }
                commandLine = end < 0 ? default : commandLine.Slice(end);
                while (!commandLine.IsEmpty && commandLine[0] == (byte)' ') commandLine = commandLine.Slice(1);
            }
            return commandLine;
        }
    }
}
