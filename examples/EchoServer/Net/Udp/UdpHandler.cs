using System;

namespace Solo5Net.EchoServer.Net.Udp;

/// <summary>An application bound to a UDP port.</summary>
public abstract class UdpHandler
{
    public abstract void Receive(uint source, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload);

    /// <summary>The same delivery with the received frame writable: the payload is
    /// <c>frame.Slice(payloadOffset, payloadLength)</c>, and <see cref="UdpLayer.SendBack"/> can return
    /// it to its sender from the frame itself. By default the payload goes to
    /// <see cref="Receive(uint, ushort, ushort, ReadOnlySpan{byte})"/>.</summary>
    public virtual void ReceiveInFrame(uint source, ushort sourcePort, ushort destinationPort, Span<byte> frame, int payloadOffset, int payloadLength) =>
        Receive(source, sourcePort, destinationPort, frame.Slice(payloadOffset, payloadLength));
}
