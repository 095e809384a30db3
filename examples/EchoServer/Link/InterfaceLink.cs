using System;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.EchoServer.Link
{
    /// <summary>The stack's link over the driver library's <see cref="NetworkInterface"/>, whichever
    /// driver runs it: the stack sees only this.</summary>
    public sealed class InterfaceLink : NetworkLink
    {
        private readonly NetworkInterface _nic;
        private readonly MacAddress _address;

        public InterfaceLink(NetworkInterface nic)
        {
            _nic = nic;
            _address = new MacAddress(nic.Mac);
        }

        public override MacAddress Address => _address;

        public override int Mtu => _nic.Mtu;

        public override bool Transmit(ReadOnlySpan<byte> frame) => _nic.Transmit(frame);
    }
}
