namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>What one unit of the debugger's byte stream is.</summary>
public enum RspInputKind
{
    /// <summary>A well-formed packet ($…#xx with the right checksum); acknowledge with '+'.</summary>
    Packet,
    /// <summary>A packet whose checksum does not match, or that was too long or broken off; answer '-' so gdb sends it again.</summary>
    Corrupt,
    /// <summary>'+': the debugger received our last packet.</summary>
    Ack,
    /// <summary>'-': the debugger wants our last packet again.</summary>
    Nack,
    /// <summary>0x03: the debugger asks to stop a running target.</summary>
    Interrupt,
}

/// <summary>One unit of input: its kind and, for a packet, its payload (escapes already undone).</summary>
public readonly record struct RspInput(RspInputKind Kind, byte[] Payload)
{
    public static RspInput Of(RspInputKind kind) => new(kind, []);

    /// <summary>The payload as text: every byte one character (the protocol's commands are ASCII; binary data stays byte for byte).</summary>
    public string Text
    {
        get
        {
            var chars = new char[Payload.Length];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)Payload[i];
            return new string(chars);
        }
    }
}
