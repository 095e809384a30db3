using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Gdb;

/// <summary>
/// The tender's debugger socket spoken to byte by byte: broken and hostile packets get an answer
/// and never end the tender, the seccomp filter is in force while a debugger is connected, and
/// 'k' ends the run (docs/gdb.md, docs/security.md).
/// </summary>
public class GdbWireTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private sealed class Wire(TcpClient client) : IDisposable
    {
        private readonly NetworkStream _stream = client.GetStream();

        public void Send(string raw) => _stream.Write(Encoding.Latin1.GetBytes(raw));

        public void SendPacket(string payload)
        {
            byte sum = 0;
            foreach (char c in payload) sum += (byte)c;
            Send($"${payload}#{sum:x2}");
        }

        /// <summary>The bytes up to and including the next complete reply ("+$…#xx"), or a single '-'.</summary>
        public string Receive()
        {
            var text = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                if (_stream.Read(one) == 0) return text.Append("<closed>").ToString();
                text.Append((char)one[0]);
                var s = text.ToString();
                if (s == "-") return s;
                int hash = s.IndexOf('#');
                if (hash >= 0 && s.Length == hash + 3) return s;
            }
        }

        public void Dispose() => client.Dispose();
    }

    private static string Frame(string payload)
    {
        byte sum = 0;
        foreach (char c in payload) sum += (byte)c;
        return $"+${payload}#{sum:x2}";
    }

    [KvmFact]
    public void Broken_packets_get_answers_the_filter_holds_and_kill_ends_the_run()
    {
        var (tender, port) = GdbGuestTests.StartTender(Guests.Path("debug"));
        using (tender)
        {
            using var wire = new Wire(new TcpClient("127.0.0.1", port) { ReceiveTimeout = (int)Timeout.TotalMilliseconds });

            wire.Send("$g#00");
            wire.Receive().Should().Be("-", "a checksum that does not match is refused");
            wire.SendPacket("?");
            wire.Receive().Should().Be(Frame("T05thread:01;"));
            wire.SendPacket("m40000000,4");
            wire.Receive().Should().Be(Frame("E0e"), "1 GiB is beyond the guest's 512 MiB");
            wire.SendPacket("mffffffffffffffff,10");
            wire.Receive().Should().Be(Frame("E0e"));
            wire.SendPacket("M100000,2:cc");
            wire.Receive().Should().Be(Frame("E01"));
            wire.SendPacket("Zq");
            wire.Receive().Should().Be(Frame("E01"));
            wire.SendPacket("Z2,102000,8");
            wire.Receive().Should().Be(Frame(""), "watchpoints are not offered");
            wire.SendPacket("P99=00");
            wire.Receive().Should().Be(Frame("E01"));
            wire.SendPacket("P12=00000000");
            wire.Receive().Should().Be(Frame("E01"), "a segment register is not writable");
            wire.SendPacket("vUnknownThing;" + new string('x', 100));
            wire.Receive().Should().Be(Frame(""));
            wire.Send("$" + new string('a', 0x4100) + "#00");
            wire.Receive().Should().Be("-", "an oversized packet is refused");
            wire.SendPacket("m100000,1");
            wire.Receive().Should().MatchRegex(@"^\+\$[0-9a-f]{2}#[0-9a-f]{2}$", "the stub still answers");

            tender.HasExited.Should().BeFalse(tender.Describe());
            tender.Status()["Seccomp"].Should().Be("2", "the filter is installed before the guest's first instruction, debugger or not");

            wire.SendPacket("k");
            tender.WaitForExit(Timeout).Should().Be(1, tender.Describe());
            tender.Stderr.Should().Contain("hvt-tender: gdb: the debugger killed the guest");
            tender.Stdout.Should().NotContain("checksum done");
        }
    }

    [KvmFact]
    public void A_hlt_of_the_guest_s_own_stays_an_error_under_the_debugger()
    {
        var (tender, port) = GdbGuestTests.StartTender(Guests.Path("hcall"), "hlt");
        using (tender)
        {
            using var wire = new Wire(new TcpClient("127.0.0.1", port) { ReceiveTimeout = (int)Timeout.TotalMilliseconds });
            wire.SendPacket("c");
            wire.Receive().Should().Be(Frame("W01"), "the run ends as an error, and gdb hears it");
            tender.WaitForExit(Timeout).Should().Be(1, tender.Describe());
            tender.Stderr.Should().Contain("KVM: unhandled exit: exit_reason=0x5, rip=0x");
        }
    }

    [Fact]
    public void A_bad_port_is_refused()
    {
        TenderProcess.Guest("debug", ["--gdb", "--gdb-port=0"]).ShouldFailWith("gdb: invalid port '0' (1-65535)");
        TenderProcess.Guest("debug", ["--gdb", "--gdb-port=65536"]).ShouldFailWith("gdb: invalid port '65536'");
        TenderProcess.Guest("debug", ["--gdb-port=+1"]).ShouldFailWith("gdb: invalid port '+1'");
    }
}
