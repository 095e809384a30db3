using System;
using System.Runtime.CompilerServices;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.EchoServer.Net.Icmp;

/// <summary>ICMP over IPv4: answers echo requests sent to this host's address, sends echo requests
/// of its own (<see cref="SendEchoRequest"/>) and counts the replies to them; ignores the rest.</summary>
public sealed class IcmpLayer : IpProtocolHandler
{
    private const byte EchoReply = 0;
    private const byte EchoRequest = 8;
    private const int HeaderLength = 8;
    private const int RequestDataLength = 16;
    /// <summary>The identifier of this host's own echo requests.</summary>
    public const ushort Identifier = 0x5335;

    private readonly Ipv4Layer _ip;

    public IcmpLayer(Ipv4Layer ip)
    {
        _ip = ip;
        ip.Register(IpProtocol.Icmp, this);
    }

    public ulong EchoRequestsAnswered { get; private set; }

    /// <summary>Replies received to this host's own echo requests.</summary>
    public ulong EchoRepliesReceived { get; private set; }

    /// <summary>Who sent the last of them.</summary>
    public uint LastReplySource { get; private set; }

    /// <summary>Sends an echo request to <paramref name="destination"/>; false if it could not go out now
    /// (it may still go once ARP resolves the next hop).</summary>
    public bool SendEchoRequest(uint destination, ushort sequence)
    {
        var request = _ip.TxPayload.Slice(0, HeaderLength + RequestDataLength);
        request.Clear();
        request[0] = EchoRequest;
        BigEndian.WriteUInt16(request, 4, Identifier);
        BigEndian.WriteUInt16(request, 6, sequence);
        for (var i = HeaderLength; i < request.Length; i++) request[i] = (byte)i;
        BigEndian.WriteUInt16(request, 2, InternetChecksum.Compute(request));
        return _ip.Send(destination, IpProtocol.Icmp, request.Length);
    }

    public override void Receive(uint source, uint destination, ReadOnlySpan<byte> message)
    {
        if (!IsEchoRequestToAnswer(source, destination, message)) return;
        var reply = _ip.TxPayload.Slice(0, message.Length);
        ByteCopy.Copy(message, reply);
        TurnIntoReply(reply);
        _ip.Send(source, IpProtocol.Icmp, message.Length);
        EchoRequestsAnswered++;
    }

    /// <summary>An echo request is answered in its own frame: type and checksum rewritten, sent back
    /// from there (<see cref="Ipv4Layer.SendBack"/>), no copy of the data. Inlined where IPv4 hands
    /// it a packet (behind a check of the handler's type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void ReceiveInFrame(uint source, uint destination, Span<byte> frame, int payloadOffset, int payloadLength)
    {
        var message = frame.Slice(payloadOffset, payloadLength);
        if (!IsEchoRequestToAnswer(source, destination, message)) return;
        TurnIntoReply(message);
        _ip.SendBack(frame, payloadOffset, payloadLength, IpProtocol.Icmp);
        EchoRequestsAnswered++;
    }

    /// <summary>True for a valid echo request to this host; counts a valid echo reply to this
    /// host's own requests.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsEchoRequestToAnswer(uint source, uint destination, ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength || message[1] != 0) return false;
        if (message[0] == EchoReply)
        {
            if (destination == _ip.Address && BigEndian.ReadUInt16(message, 4) == Identifier && InternetChecksum.Holds(message))
            {
                EchoRepliesReceived++;
                LastReplySource = source;
            }
            return false;
        }
        return message[0] == EchoRequest && destination == _ip.Address && message.Length <= _ip.MaxPayload
            && InternetChecksum.Holds(message);
    }

    /// <summary>Turns a verified echo request into its reply: the type, and the checksum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TurnIntoReply(Span<byte> message)
    {
        var requestChecksum = BigEndian.ReadUInt16(message, 2);
        message[0] = EchoReply;
        BigEndian.WriteUInt16(message, 2, ReplyChecksum(requestChecksum, message));
    }

    /// <summary>The reply's checksum from the verified request's (RFC 1624): only the type word changed,
    /// from 0x0800 to 0, so the reply's is the request's plus 0x0800 in ones' complement — one addition
    /// instead of a pass over the data. Where that gives 0 the reply may sum to zero (checksum 0xFFFF)
    /// or to a non-zero multiple of 0xFFFF (checksum 0), which the request's checksum cannot tell
    /// apart: then the reply (its checksum field still the request's) is summed afresh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort ReplyChecksum(ushort requestChecksum, Span<byte> reply)
    {
        var sum = (uint)requestChecksum + (EchoRequest << 8);
        if (sum >= 0xFFFF) sum -= 0xFFFF;
        if (sum != 0) return (ushort)sum;
        BigEndian.WriteUInt16(reply, 2, 0);
        return InternetChecksum.Compute(reply);
    }
}
