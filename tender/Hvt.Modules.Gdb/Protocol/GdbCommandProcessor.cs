namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>
/// The commands of the gdb remote protocol the stub implements (docs/gdb.md §2), against an
/// <see cref="IGdbTarget"/>. Every packet gets an answer: unknown commands the empty reply, malformed
/// arguments E01, memory outside the guest E0e. Nothing here throws on input.
/// </summary>
public sealed class GdbCommandProcessor(IGdbTarget target)
{
    private const int Malformed = 0x01, BadAddress = 0x0e;

    /// <summary>The reply to '?': why the target is stopped now.</summary>
    public string LastStop { get; set; } = StopReply.Stopped(StopReply.Trap);

    public GdbReply Handle(string packet)
    {
        if (packet.Length == 0) return GdbReply.Unsupported;
        var arguments = packet.AsSpan(1);
        return packet[0] switch
        {
            '?' => new GdbReply(LastStop),
            'g' when arguments.IsEmpty => new GdbReply(target.ReadRegisters().Encode()),
            'G' => WriteAllRegisters(arguments),
            'p' => ReadRegister(arguments),
            'P' => WriteRegister(arguments),
            'm' => ReadMemory(arguments),
            'M' => WriteMemory(arguments),
            'c' => Resume(GdbResume.Continue, arguments),
            's' => Resume(GdbResume.Step, arguments),
            'C' => ResumeWithSignal(GdbResume.Continue, arguments),
            'S' => ResumeWithSignal(GdbResume.Step, arguments),
            'Z' => Breakpoint(arguments, insert: true),
            'z' => Breakpoint(arguments, insert: false),
            'D' => new GdbReply("OK", GdbResume.Detach),
            'k' => new GdbReply(null, GdbResume.Kill),
            'H' or 'T' => GdbReply.Ok,
            'q' => Query(packet),
            'Q' => packet == "QStartNoAckMode" ? new GdbReply("OK", EndAcknowledgements: true) : GdbReply.Unsupported,
            'v' => packet.StartsWith("vKill", StringComparison.Ordinal) ? new GdbReply("OK", GdbResume.Kill) : GdbReply.Unsupported,
            _ => GdbReply.Unsupported,
        };
    }

    private GdbReply WriteAllRegisters(ReadOnlySpan<char> arguments) =>
        Amd64Registers.TryDecode(arguments, out var registers) && target.WriteRegisters(registers)
            ? GdbReply.Ok : GdbReply.Error(Malformed);

    private GdbReply ReadRegister(ReadOnlySpan<char> arguments)
    {
        if (!Hex.TryParseNumber(arguments, out ulong number)) return GdbReply.Error(Malformed);
        if (number < Amd64Registers.Count) return new GdbReply(target.ReadRegisters().Encode((int)number));
        int size = Amd64Registers.UnavailableSizeOf((int)Math.Min(number, int.MaxValue));
        return size > 0 ? new GdbReply(new string('x', 2 * size)) : GdbReply.Error(Malformed);
    }

    private GdbReply WriteRegister(ReadOnlySpan<char> arguments)
    {
        int equals = arguments.IndexOf('=');
        if (equals < 0 || !Hex.TryParseNumber(arguments[..equals], out ulong number) || number >= Amd64Registers.Count)
            return GdbReply.Error(Malformed);
        if (!Hex.TryParseLittleEndian(arguments[(equals + 1)..], Amd64Registers.SizeOf((int)number), out ulong value))
            return GdbReply.Error(Malformed);
        var registers = target.ReadRegisters();
        registers[(int)number] = value;
        return target.WriteRegisters(registers) ? GdbReply.Ok : GdbReply.Error(Malformed);
    }

    private GdbReply ReadMemory(ReadOnlySpan<char> arguments)
    {
        if (!TryParseRange(arguments, out ulong address, out ulong length) || length > RspDecoder.MaxPayload / 2)
            return GdbReply.Error(Malformed);
        var bytes = new byte[length];
        return target.TryReadMemory(address, bytes) ? new GdbReply(Hex.EncodeBytes(bytes)) : GdbReply.Error(BadAddress);
    }

    private GdbReply WriteMemory(ReadOnlySpan<char> arguments)
    {
        int colon = arguments.IndexOf(':');
        if (colon < 0 || !TryParseRange(arguments[..colon], out ulong address, out ulong length)
            || !Hex.TryDecodeBytes(arguments[(colon + 1)..], out var bytes) || (ulong)bytes.Length != length)
            return GdbReply.Error(Malformed);
        return target.TryWriteMemory(address, bytes) ? GdbReply.Ok : GdbReply.Error(BadAddress);
    }

    /// <summary>"ADDR,LENGTH", both hex.</summary>
    private static bool TryParseRange(ReadOnlySpan<char> text, out ulong address, out ulong length)
    {
        length = 0;
        int comma = text.IndexOf(',');
        address = 0;
        return comma >= 0 && Hex.TryParseNumber(text[..comma], out address) && Hex.TryParseNumber(text[(comma + 1)..], out length);
    }

    /// <summary>c [ADDR] / s [ADDR]: resume, from ADDR if given.</summary>
    private GdbReply Resume(GdbResume how, ReadOnlySpan<char> address)
    {
        if (address.IsEmpty) return new GdbReply(null, how);
        if (!Hex.TryParseNumber(address, out ulong rip)) return GdbReply.Error(Malformed);
        var registers = target.ReadRegisters();
        registers[Amd64Registers.Rip] = rip;
        return target.WriteRegisters(registers) ? new GdbReply(null, how) : GdbReply.Error(Malformed);
    }

    /// <summary>C SIG [;ADDR] / S SIG [;ADDR]: the guest has no signals, so SIG is checked and dropped.</summary>
    private GdbReply ResumeWithSignal(GdbResume how, ReadOnlySpan<char> arguments)
    {
        int semicolon = arguments.IndexOf(';');
        var signal = semicolon < 0 ? arguments : arguments[..semicolon];
        if (!Hex.TryParseNumber(signal, out _)) return GdbReply.Error(Malformed);
        return Resume(how, semicolon < 0 ? [] : arguments[(semicolon + 1)..]);
    }

    /// <summary>Z/z TYPE,ADDR,KIND: type 0 software, 1 hardware breakpoint; watchpoints (2–4) are not offered.</summary>
    private GdbReply Breakpoint(ReadOnlySpan<char> arguments, bool insert)
    {
        Span<Range> fields = stackalloc Range[4];
        int count = arguments.Split(fields, ',');
        if (count != 3 || !Hex.TryParseNumber(arguments[fields[0]], out ulong type)
            || !Hex.TryParseNumber(arguments[fields[1]], out ulong address) || !Hex.TryParseNumber(arguments[fields[2]], out _))
            return GdbReply.Error(Malformed);
        BreakpointKind kind;
        switch (type)
        {
            case 0: kind = BreakpointKind.Software; break;
            case 1: kind = BreakpointKind.Hardware; break;
            default: return GdbReply.Unsupported;
        }
        var result = insert ? target.InsertBreakpoint(kind, address) : target.RemoveBreakpoint(kind, address);
        return result switch
        {
            BreakpointResult.Done => GdbReply.Ok,
            BreakpointResult.Unsupported => GdbReply.Unsupported,
            _ => GdbReply.Error(BadAddress),
        };
    }

    private static GdbReply Query(string packet)
    {
        const string features = "qXfer:features:read:";
        if (packet.StartsWith("qSupported", StringComparison.Ordinal))
            return new GdbReply($"PacketSize={RspDecoder.MaxPayload:x};qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+");
        if (packet.StartsWith(features, StringComparison.Ordinal)) return ReadFeatures(packet.AsSpan(features.Length));
        return packet switch
        {
            "qAttached" => new GdbReply("1"),
            "qC" => new GdbReply("QC01"),
            "qfThreadInfo" => new GdbReply("m01"),
            "qsThreadInfo" => new GdbReply("l"),
            _ when packet.StartsWith("qSymbol", StringComparison.Ordinal) => GdbReply.Ok,
            _ => GdbReply.Unsupported,
        };
    }

    /// <summary>qXfer:features:read:ANNEX:OFFSET,LENGTH → 'm' and a part, or 'l' and the last part.</summary>
    private static GdbReply ReadFeatures(ReadOnlySpan<char> arguments)
    {
        int colon = arguments.IndexOf(':');
        if (colon < 0 || !TryParseRange(arguments[(colon + 1)..], out ulong offset, out ulong length)) return GdbReply.Error(Malformed);
        if (!arguments[..colon].SequenceEqual(TargetDescription.Annex)) return GdbReply.Error(0);
        string document = TargetDescription.Xml;
        if (offset >= (ulong)document.Length) return new GdbReply("l");
        int start = (int)offset;
        int count = (int)Math.Min(length, (ulong)(document.Length - start));
        string part = document.Substring(start, count);
        return new GdbReply((start + count >= document.Length ? "l" : "m") + part);
    }
}
