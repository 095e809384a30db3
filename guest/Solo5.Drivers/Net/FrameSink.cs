using System;

namespace Solo5Net.Drivers.Net
{
    /// <summary>Where <see cref="NetworkInterface.Receive"/> delivers frames (usually the Ethernet layer).</summary>
    public abstract class FrameSink
    {
        /// <summary>One received Ethernet frame; <paramref name="frame"/> is valid only during the call.</summary>
        public abstract void Receive(ReadOnlySpan<byte> frame);
    }
}
