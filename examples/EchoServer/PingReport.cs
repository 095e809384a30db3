using System;
using System.Runtime.CompilerServices;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Config;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.Guest;

namespace Solo5Net.EchoServer
{
    /// <summary>Runs the <see cref="Pinger"/> of <c>--ping=A.B.C.D</c> (none without it) and prints
    /// "echo: ping A.B.C.D answered" once, when the peer first replies.</summary>
    public sealed class PingReport
    {
        private readonly Pinger _pinger;
        private bool _reported;

        public PingReport(NetworkStack stack, MonotonicClock clock, EchoConfig config)
        {
            if (config.Ping != 0) _pinger = new Pinger(stack.Icmp, clock, config.Ping);
        }

        public ulong NextDeadline => _pinger == null ? 0 : _pinger.NextDeadline;

        public void Tick()
        {
            if (_pinger == null || _reported) return;
            _pinger.Tick();
            if (_pinger.Answered) Report();
        }

        /// <summary>Apart from <see cref="Tick"/>, which runs on every busy turn of the main loop: its line
        /// buffer would give Tick a stack frame to set up even when there is no pinger.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Report()
        {
            _reported = true;
            Span<byte> buffer = stackalloc byte[64];
            var a = _pinger.Peer;
            new LineWriter(buffer).Append("echo: ping ").Append((long)(a >> 24)).Append(".").Append((long)((a >> 16) & 0xFF)).Append(".")
                .Append((long)((a >> 8) & 0xFF)).Append(".").Append((long)(a & 0xFF)).Append(" answered\n").WriteToConsole();
        }
    }
}
