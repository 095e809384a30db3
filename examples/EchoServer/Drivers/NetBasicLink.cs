using System;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Link;
using Solo5Net.Guest;

namespace Solo5Net.EchoServer.Drivers
{
    /// <summary>The stack's link over a Solo5 NET_BASIC device (a host tap): frames go through the
    /// NET_WRITE/NET_READ hypercalls (or the shared ring when the tender offers it).</summary>
    public sealed class NetBasicLink : NetworkLink
    {
        private readonly NetDevice _device;
        private readonly byte[] _rxFrame;
        private readonly MacAddress _mac;

        public NetBasicLink(NetDevice device)
        {
            _device = device;
            _rxFrame = new byte[device.Mtu + NetDevice.EthernetHeaderLength];
            _mac = MacAddress.Read(device.Mac, 0);
        }

        public override MacAddress Address => _mac;

        public override int Mtu => _device.Mtu;

        public ulong ReadyMask => 1UL << (int)_device.Handle;

        public override bool Transmit(ReadOnlySpan<byte> frame) => _device.Write(frame) == Solo5Result.Ok;

        /// <summary>Hands up to <paramref name="budget"/> waiting frames to the stack; returns how many.</summary>
        public int ReceiveBatch(NetworkStack stack, int budget)
        {
            var done = 0;
            var buffer = _rxFrame.AsSpan();
            while (done < budget && _device.Read(buffer, out var length) == Solo5Result.Ok)
            {
                stack.Receive(buffer.Slice(0, length));
                done++;
            }
            return done;
        }
    }
}
