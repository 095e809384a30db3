using System;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net;

namespace Solo5Net.EchoServer.Link
{
    /// <summary>Delivers the frames a <see cref="NetworkInterface"/> receives to the stack.</summary>
    public sealed class StackSink : FrameSink
    {
        private readonly NetworkStack _stack;

        public StackSink(NetworkStack stack) => _stack = stack;

        public override void Receive(Span<byte> frame) => _stack.Receive(frame);
    }
}
