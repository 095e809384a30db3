using FluentAssertions;
using Solo5Net.Hvt.Modules.Gdb.Protocol;

namespace Solo5Net.Tests.Tender.Gdb;

/// <summary>The commands of the stub (docs/gdb.md §2–3) against a target in memory: golden replies, and an answer for every malformed packet.</summary>
public class GdbCommandProcessorTests
{
    private readonly FakeGdbTarget _target = new();
    private readonly GdbCommandProcessor _commands;

    public GdbCommandProcessorTests() => _commands = new GdbCommandProcessor(_target);

    private string? Reply(string packet) => _commands.Handle(packet).Payload;

    [Fact]
    public void G_lists_the_24_registers_little_endian_in_gdb_order()
    {
        for (int i = 0; i < Amd64Registers.Count; i++) _target.Registers[i] = (ulong)(i + 1);
        _target.Registers[Amd64Registers.Rip] = 0x0000_0000_0010_2030;
        var reply = Reply("g")!;
        reply.Length.Should().Be(2 * (17 * 8 + 7 * 4));
        reply[..16].Should().Be("0100000000000000", "rax first, least significant byte first");
        reply.Substring(16 * 16, 16).Should().Be("3020100000000000", "rip is register 16");
        reply.Substring(17 * 16, 8).Should().Be("12000000", "eflags is 4 bytes");
        reply[^8..].Should().Be("18000000", "gs last");
    }

    [Fact]
    public void Big_G_writes_every_register_back()
    {
        var registers = new Amd64Registers();
        for (int i = 0; i < Amd64Registers.Count; i++) registers[i] = (ulong)(0x11 * (i + 1));
        Reply("G" + registers.Encode() + new string('0', 40)).Should().Be("OK", "the x87/SSE part gdb appends is ignored");
        _target.Registers.Values.Should().Equal(registers.Values);
    }

    [Theory]
    [InlineData("G")]
    [InlineData("G0102")]
    [InlineData("Gzz")]
    public void Big_G_with_too_few_or_bad_digits_is_an_error(string packet)
    {
        Reply(packet).Should().Be("E01");
    }

    [Fact]
    public void P_reads_and_writes_one_register()
    {
        _target.Registers[7] = 0x1FFFF8;
        Reply("p7").Should().Be("f8ff1f0000000000");
        Reply("P10=4000100000000000").Should().Be("OK");
        _target.Registers[Amd64Registers.Rip].Should().Be(0x100040);
        Reply("P11=46020000").Should().Be("OK");
        _target.Registers[Amd64Registers.Eflags].Should().Be(0x246);
    }

    [Theory]
    [InlineData("p18", "xxxxxxxxxxxxxxxxxxxx")]   // st0, 10 bytes, not available
    [InlineData("p28", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")] // xmm0
    [InlineData("p1000", "E01")]
    [InlineData("p", "E01")]
    [InlineData("pq", "E01")]
    [InlineData("P10=12", "E01")]
    [InlineData("P10", "E01")]
    [InlineData("P18=00000000", "E01")]
    public void Registers_beyond_ours_are_unavailable_and_bad_numbers_errors(string packet, string reply)
    {
        Reply(packet).Should().Be(reply);
    }

    [Fact]
    public void M_and_m_write_and_read_memory()
    {
        Reply("M100010,4:deadbeef").Should().Be("OK");
        Reply("m10000e,8").Should().Be("0000deadbeef0000");
    }

    [Theory]
    [InlineData("m0,4", "E0e")]                 // below the target's memory
    [InlineData("m10fffe,4", "E0e")]            // runs past its end
    [InlineData("mffffffffffffffff,2", "E0e")]  // wraps
    [InlineData("m100000", "E01")]
    [InlineData("m100000,", "E01")]
    [InlineData("m,4", "E01")]
    [InlineData("m100000,10000", "E01")]        // longer than a packet can carry
    [InlineData("m1000000000000000000,1", "E01")]
    [InlineData("M100000,2:00", "E01")]         // fewer bytes than announced
    [InlineData("M100000,1:0g", "E01")]
    [InlineData("M100000,1", "E01")]
    [InlineData("M0,1:00", "E0e")]
    public void Bad_memory_requests_get_an_error(string packet, string reply)
    {
        Reply(packet).Should().Be(reply);
    }

    [Fact]
    public void Breakpoints_of_both_kinds_go_to_the_target()
    {
        Reply("Z0,100040,1").Should().Be("OK");
        Reply("Z1,100050,1").Should().Be("OK");
        _target.Breakpoints.Should().Equal((BreakpointKind.Software, 0x100040UL), (BreakpointKind.Hardware, 0x100050UL));
        Reply("z0,100040,1").Should().Be("OK");
        _target.Breakpoints.Should().Equal((BreakpointKind.Hardware, 0x100050UL));
    }

    [Theory]
    [InlineData("Z2,100040,4", "")]     // watchpoints are not offered
    [InlineData("Z0,10,1", "E0e")]
    [InlineData("Z0,100040", "E01")]
    [InlineData("Z0", "E01")]
    [InlineData("Zx,1,1", "E01")]
    public void Unsupported_and_malformed_breakpoints(string packet, string reply)
    {
        Reply(packet).Should().Be(reply);
    }

    [Fact]
    public void Hardware_breakpoints_where_KVM_has_none_are_unsupported()
    {
        _target.HardwareAvailable = false;
        Reply("Z1,100050,1").Should().Be("");
    }

    [Fact]
    public void Continue_and_step_resume_optionally_from_an_address()
    {
        _commands.Handle("c").Should().Be(new GdbReply(null, GdbResume.Continue));
        _commands.Handle("s").Should().Be(new GdbReply(null, GdbResume.Step));
        _commands.Handle("c100080").Resume.Should().Be(GdbResume.Continue);
        _target.Registers[Amd64Registers.Rip].Should().Be(0x100080);
        _commands.Handle("S05;100090").Resume.Should().Be(GdbResume.Step);
        _target.Registers[Amd64Registers.Rip].Should().Be(0x100090);
        Reply("cxyz").Should().Be("E01");
        Reply("C;1").Should().Be("E01");
    }

    [Fact]
    public void Stop_reason_detach_and_kill()
    {
        Reply("?").Should().Be("T05thread:01;");
        _commands.LastStop = StopReply.Stopped(StopReply.Trap, StopReason.SoftwareBreakpoint);
        Reply("?").Should().Be("T05swbreak:;thread:01;");
        _commands.Handle("D").Should().Be(new GdbReply("OK", GdbResume.Detach));
        _commands.Handle("D;1").Resume.Should().Be(GdbResume.Detach);
        _commands.Handle("k").Should().Be(new GdbReply(null, GdbResume.Kill));
        _commands.Handle("vKill;1").Should().Be(new GdbReply("OK", GdbResume.Kill));
        StopReply.Exited(7).Should().Be("W07");
        StopReply.Exited(255).Should().Be("Wff");
        StopReply.Terminated(15).Should().Be("X0f");
    }

    [Fact]
    public void QSupported_announces_the_packet_size_the_target_description_and_breakpoint_reasons()
    {
        Reply("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;xmlRegisters=i386")
            .Should().Be("PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+");
        _commands.Handle("QStartNoAckMode").Should().Be(new GdbReply("OK", EndAcknowledgements: true));
    }

    [Fact]
    public void The_target_description_is_served_in_parts()
    {
        var whole = Reply("qXfer:features:read:target.xml:0,fff")!;
        whole.Should().Be("l" + TargetDescription.Xml);
        whole.Should().Contain("<architecture>i386:x86-64</architecture>");
        var first = Reply("qXfer:features:read:target.xml:0,10")!;
        first.Should().Be("m" + TargetDescription.Xml[..16]);
        Reply($"qXfer:features:read:target.xml:{TargetDescription.Xml.Length:x},10").Should().Be("l");
        Reply("qXfer:features:read:other.xml:0,10").Should().Be("E00");
        Reply("qXfer:features:read:target.xml:zz").Should().Be("E01");
    }

    [Theory]
    [InlineData("qAttached", "1")]
    [InlineData("qC", "QC01")]
    [InlineData("qfThreadInfo", "m01")]
    [InlineData("qsThreadInfo", "l")]
    [InlineData("qSymbol::", "OK")]
    [InlineData("Hg0", "OK")]
    [InlineData("Hc-1", "OK")]
    [InlineData("T01", "OK")]
    [InlineData("vMustReplyEmpty", "")]
    [InlineData("vCont?", "")]
    [InlineData("X100000,0:", "")]
    [InlineData("qTStatus", "")]
    [InlineData("", "")]
    [InlineData("\u00ff\u0001", "")]
    public void Queries_and_unknown_commands(string packet, string reply)
    {
        Reply(packet).Should().Be(reply);
    }

    [Fact]
    public void Random_packets_always_get_an_answer_and_never_throw()
    {
        var random = new Random(1919);
        const string alphabet = "?gGpPmMcsCSZzDHTqQvX0123456789abcdefxyz,:;=-";
        for (int round = 0; round < 20000; round++)
        {
            var chars = new char[random.Next(0, 40)];
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            var packet = new string(chars);
            if (packet.StartsWith('k') || packet.StartsWith("vKill")) continue;
            var act = () => _commands.Handle(packet);
            act.Should().NotThrow(packet);
        }
    }
}
