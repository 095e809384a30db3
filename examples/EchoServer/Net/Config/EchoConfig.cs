using System;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.EchoServer.Net.Config;

/// <summary>
/// The unikernel's command line: <c>--ipv4=A.B.C.D/N</c> (required), <c>--ipv4-gateway=A.B.C.D</c>,
/// <c>--fault-drop-every=N</c> (lose every Nth sent frame, N ≥ 2: fault injection for tests),
/// <c>--ping=A.B.C.D</c> (ping that peer once a second until it answers),
/// <c>--link=auto|pci|net</c> (which device to drive; auto = the PCI e1000 "net0" if the
/// manifest has one attached, else the NET_BASIC device "service"). Parsed from raw ASCII bytes: the guest
/// has no string formatting or exceptions, so failures return an error code naming the bad option.
/// </summary>
public struct EchoConfig
{
    public Ipv4Config Ipv4;
    public LinkKind Link;
    /// <summary>Lose every Nth frame sent (fault injection); 0 = never.</summary>
    public int DropEvery;
    /// <summary>The peer to ping until it answers; 0 = none.</summary>
    public uint Ping;
    /// <summary>Where in the command line the argument that failed starts, and its length.</summary>
    public int ErrorStart, ErrorLength;

    public static EchoConfigError TryParse(ReadOnlySpan<byte> commandLine, out EchoConfig config)
    {
        config.Ipv4.Address = 0;
        config.Ipv4.PrefixLength = 0;
        config.Ipv4.Gateway = 0;
        config.Link = LinkKind.Auto;
        config.DropEvery = 0;
        config.Ping = 0;
        config.ErrorStart = 0;
        config.ErrorLength = 0;
        var haveAddress = false;
        var i = 0;
        while (i < commandLine.Length)
        {
            while (i < commandLine.Length && commandLine[i] == (byte)' ') i++;
            var start = i;
            while (i < commandLine.Length && commandLine[i] != (byte)' ' && commandLine[i] != 0) i++;
            if (i == start) break;
            var arg = commandLine.Slice(start, i - start);
            config.ErrorStart = start;
            config.ErrorLength = i - start;
            if (StartsWith(arg, "--ipv4="u8))
            {
                if (!TryParseCidr(arg.Slice(7), out config.Ipv4.Address, out config.Ipv4.PrefixLength))
                    return EchoConfigError.BadIpv4;
                haveAddress = true;
            }
            else if (StartsWith(arg, "--ipv4-gateway="u8))
            {
                if (!TryParseAddress(arg.Slice(15), out config.Ipv4.Gateway)) return EchoConfigError.BadGateway;
            }
            else if (StartsWith(arg, "--link="u8))
            {
                var v = arg.Slice(7);
                if (Equal(v, "auto"u8)) config.Link = LinkKind.Auto;
                else if (Equal(v, "pci"u8)) config.Link = LinkKind.Pci;
                else if (Equal(v, "net"u8)) config.Link = LinkKind.NetBasic;
                else return EchoConfigError.BadLink;
            }
            else if (StartsWith(arg, "--fault-drop-every="u8))
            {
                if (!TryParseDecimal(arg.Slice(19), out config.DropEvery) || config.DropEvery < 2)
                    return EchoConfigError.BadDropEvery;
            }
            else if (StartsWith(arg, "--ping="u8))
            {
                if (!TryParseAddress(arg.Slice(7), out config.Ping) || config.Ping == 0) return EchoConfigError.BadPing;
            }
            else if (!StartsWith(arg, "--solo5:"u8))
            {
                return EchoConfigError.UnknownOption;
            }
        }
        config.ErrorStart = 0;
        config.ErrorLength = 0;
        if (!haveAddress) return EchoConfigError.MissingIpv4;
        if (config.Ipv4.Gateway != 0 && !config.Ipv4.OnLink(config.Ipv4.Gateway)) return EchoConfigError.BadGateway;
        if (config.Ping == config.Ipv4.Address) return EchoConfigError.BadPing;
        return EchoConfigError.None;
    }

    public static bool TryParseAddress(ReadOnlySpan<byte> s, out uint address)
    {
        address = 0;
        var part = 0;
        var value = 0;
        var digits = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || s[i] == (byte)'.')
            {
                if (digits == 0 || value > 255) return false;
                address = (address << 8) | (uint)value;
                part++;
                value = 0;
                digits = 0;
                continue;
            }
            var c = s[i];
            if (c < (byte)'0' || c > (byte)'9' || digits == 3) return false;
            value = value * 10 + (c - (byte)'0');
            digits++;
        }
        return part == 4;
    }

    private static bool TryParseCidr(ReadOnlySpan<byte> s, out uint address, out int prefix)
    {
        address = 0;
        prefix = 0;
        var slash = 0;
        while (slash < s.Length && s[slash] != (byte)'/') slash++;
        if (slash == s.Length || !TryParseAddress(s.Slice(0, slash), out address)) return false;
        var p = s.Slice(slash + 1);
        if (p.Length == 0 || p.Length > 2) return false;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] < (byte)'0' || p[i] > (byte)'9') return false;
            prefix = prefix * 10 + (p[i] - (byte)'0');
        }
        return prefix >= 1 && prefix <= 32 && address != 0;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 6) return false;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] < (byte)'0' || s[i] > (byte)'9') return false;
            value = value * 10 + (s[i] - (byte)'0');
        }
        return true;
    }

    private static bool StartsWith(ReadOnlySpan<byte> s, ReadOnlySpan<byte> prefix) =>
        s.Length >= prefix.Length && Equal(s.Slice(0, prefix.Length), prefix);

    private static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }
}
