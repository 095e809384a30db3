using System;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net.Tcp;
using Solo5Net.EchoServer.Net.Udp;

namespace Solo5Net.EchoServer.Net.Echo;

/// <summary>The echo protocol (RFC 862) on port 7, over TCP and over UDP.</summary>
public sealed class EchoService
{
    public const ushort Port = 7;

    private readonly TcpEcho _tcp = new();
    private readonly UdpEcho _udp;

    public EchoService(TcpLayer tcp, UdpLayer udp)
    {
        _udp = new UdpEcho(udp);
        tcp.Listen(Port, _tcp);
        udp.Bind(Port, _udp);
    }

    public ulong TcpBytesEchoed => _tcp.BytesEchoed;

    public ulong DatagramsEchoed => _udp.DatagramsEchoed;

    /// <summary>Sends back every byte received; closes once the peer has closed and all is echoed.</summary>
    private sealed class TcpEcho : TcpApplication
    {
        public ulong BytesEchoed { get; private set; }

        public override void OnConnectionEvent(TcpConnection c)
        {
            c.SpliceOnArrival(c);
            BytesEchoed += (ulong)c.SpliceTo(c);
            if (c.PeerClosed && c.ReadableBytes == 0 && c.State == TcpState.CloseWait) c.Close();
        }
    }

    /// <summary>Sends each datagram back to where it came from.</summary>
    private sealed class UdpEcho(UdpLayer udp) : UdpHandler
    {
        public ulong DatagramsEchoed { get; private set; }

        public override void Receive(uint source, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
        {
            if (payload.Length > udp.MaxPayload) return;
            ByteCopy.Copy(payload, udp.TxPayload);
            if (udp.Send(destinationPort, source, sourcePort, payload.Length)) DatagramsEchoed++;
        }

        /// <summary>Echoed from the received frame itself: nothing copied, the checksum kept.</summary>
        public override void ReceiveInFrame(uint source, ushort sourcePort, ushort destinationPort, Span<byte> frame, int payloadOffset, int payloadLength)
        {
            if (udp.SendBack(frame, payloadOffset, payloadLength)) DatagramsEchoed++;
        }
    }
}
