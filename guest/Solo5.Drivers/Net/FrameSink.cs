using System;

namespace Solo5Net.Drivers.Net
{
    /// <summary>Where <see cref="NetworkInterface.Receive"/> delivers frames (usually the Ethernet layer).</summary>
    public abstract class FrameSink
    {
        /// <summary>One received Ethernet frame; <paramref name="frame"/> is valid only during the call.
        /// It is the receive buffer itself and writable: a sink may turn it into a reply and hand that
        /// to <see cref="NetworkInterface.Transmit"/> during the call (which copies it).</summary>
        public abstract void Receive(Span<byte> frame);
    }
}
