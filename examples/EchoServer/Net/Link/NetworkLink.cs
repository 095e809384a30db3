using System;

namespace Solo5Net.EchoServer.Net.Link;

/// <summary>The layer below Ethernet: a device that sends whole frames. Received frames are pushed
/// up by the device's owner (<see cref="Ethernet.EthernetLayer.Receive"/>).</summary>
public abstract class NetworkLink
{
    public abstract MacAddress Address { get; }

    /// <summary>Largest IP packet the link carries (the Ethernet payload size), normally 1500.</summary>
    public abstract int Mtu { get; }

    /// <summary>Queues one complete Ethernet frame (no FCS) for sending; the frame is copied before
    /// returning. False when the device's queue is full: the frame is dropped.</summary>
    public abstract bool Transmit(ReadOnlySpan<byte> frame);
}
