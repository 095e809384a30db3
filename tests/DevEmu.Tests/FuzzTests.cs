using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// Random and mutated messages against real servers: a well-framed message of any content gets an
/// answer and leaves the server serving; a broken stream makes the server exit cleanly (status 0).
/// </summary>
public sealed class FuzzTests
{
    private const ushort ProbeId = 0xBEEF;

    public sealed record FuzzMessage(ushort Command, bool IsReply, bool NoReply, byte[] Payload)
    {
        public override string ToString() =>
            $"command {Command} reply={IsReply} noReply={NoReply} payload {Convert.ToHexString(Payload)}";
    }

    private static readonly byte[][] ValidPayloads =
    [
        new VersionPayload(0, 1, Capabilities.Defaults).Encode(),
        new DmaMapRequest(DmaProtection.Read, 0, 0x1000, 0x1000).Encode(),
        new DmaUnmapRequest(DmaUnmapFlags.None, 0x1000, 0x1000).Encode(),
        DeviceInfo.EncodeRequest(),
        RegionInfo.EncodeRequest(0),
        IrqInfo.EncodeRequest(0),
        new SetIrqsRequest(IrqSetFlags.DataEventfd | IrqSetFlags.ActionTrigger, 0, 0, 1).Encode(),
        new SetIrqsRequest(IrqSetFlags.DataBool | IrqSetFlags.ActionTrigger, 1, 0, 1, [1]).Encode(),
        new RegionAccess(0x98, 0, 8).Encode(),
        new RegionAccess(0x04, PciRegion.Config, 2).Encode([0xFF, 0xFF]),
        new RegionAccess(0x60, 0, 4).Encode([1, 0, 0, 0]),
        new DmaAccess(0, 4).Encode([1, 2, 3, 4]),
    ];

    private static Gen<byte[]> Mutated() =>
        from template in Gen.Elements(ValidPayloads)
        from flips in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 63), Gen.Choose(0, 255)))
        from cut in Gen.Choose(-8, 8)
        select Mutate(template, flips, cut);

    private static byte[] Mutate(byte[] template, (int, int)[] flips, int cut)
    {
        var bytes = new byte[Math.Max(0, template.Length + cut)];
        template.AsSpan(0, Math.Min(template.Length, bytes.Length)).CopyTo(bytes);
        foreach (var (at, value) in flips.Take(4))
            if (bytes.Length > 0) bytes[at % bytes.Length] = (byte)value;
        return bytes;
    }

    private static Gen<FuzzMessage> Messages() =>
        from command in Gen.Frequency((6, Gen.Choose(1, 18)), (1, Gen.Elements(0, 14, 99, 0xFFFF)))
        from isReply in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from noReply in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from payload in Gen.Frequency((3, Mutated()), (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))))
        select new FuzzMessage((ushort)command, isReply, noReply, payload);

    [Fact]
    public void Well_framed_messages_of_any_content_are_answered_and_the_server_keeps_serving()
    {
        using var server = DevEmuServer.Start("edu", verbose: true);
        using var channel = MessageChannel.Connect(server.SocketPath);
        ushort id = 0;
        channel.SendCommand(id++, Command.Version, new VersionPayload(0, 1, Capabilities.Defaults).Encode());
        using (var version = channel.Receive(5000)) version!.Header.IsError.Should().BeFalse();

        var property = Prop.ForAll(Messages().ToArbitrary(), message =>
        {
            ushort messageId = id++ == ProbeId ? id++ : (ushort)(id - 1);
            var header = new MessageHeader(messageId, (Command)message.Command, (uint)(MessageHeader.Length + message.Payload.Length),
                message.IsReply ? MessageType.Reply : MessageType.Command, message.NoReply);
            channel.Send(header, message.Payload, default);
            bool expectReply = !message.IsReply && !message.NoReply;
            channel.SendCommand(ProbeId, Command.DeviceGetInfo, DeviceInfo.EncodeRequest());
            bool sawReply = false;
            for (int i = 0; i < 3; i++)
            {
                using var reply = channel.Receive(5000) ?? throw new Xunit.Sdk.XunitException($"server hung up after {message}: {server.Stderr}");
                if (reply.Header.MessageId == ProbeId)
                    return !reply.Header.IsError && DeviceInfo.Decode(reply.Payload).RegionCount == 9 && sawReply == expectReply;
                reply.Header.MessageId.Should().Be(messageId);
                reply.Header.Type.Should().Be(MessageType.Reply);
                sawReply = true;
            }
            return false;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
        server.HasExited.Should().BeFalse();
        channel.Dispose();
        server.WaitForClientToLeave().Should().BeTrue(server.Describe());
        server.Stop().Should().Be(0);
        server.Stderr.Should().NotContain("Unhandled").And.NotContain("inside the device model");
    }

    [Fact]
    public void A_broken_stream_ends_only_that_client_and_the_next_one_is_served()
    {
        var garbage = Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(b => b.Length > 0),
            Gen.Elements(
                Convert.FromHexString("0100 0100 08000000 00000000 00000000".Replace(" ", "")),    // size below the header
                Convert.FromHexString("0100 0100 ffffffff 00000000 00000000".Replace(" ", "")),    // 4 GiB message
                Convert.FromHexString("0100 0400 20000000 00000000 00000000 1000".Replace(" ", "")), // cut short
                Convert.FromHexString("0100 0100 10000000 07000000 00000000".Replace(" ", ""))));  // unknown type
        var property = Prop.ForAll(garbage.ToArbitrary(), bytes =>
        {
            using var server = DevEmuServer.Start("edu", verbose: true);
            using (var socket = UnixSocket.Connect(server.SocketPath))
                UnixSocket.Send(socket.Number, bytes);
            if (!server.WaitForClientToLeave(1)) return false;
            using var next = VfioUserClient.Connect(server.SocketPath);
            next.Negotiate();
            bool served = next.GetDeviceInfo().RegionCount == 9;
            next.Dispose();
            return served && server.Stop() == 0 && !server.Stderr.Contains("Unhandled") && !File.Exists(server.SocketPath);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(8), property);
    }

    [Fact]
    public void A_client_that_never_reads_its_replies_is_dropped_and_the_server_goes_on()
    {
        using var server = DevEmuServer.Start("edu", verbose: true);
        using var channel = MessageChannel.Connect(server.SocketPath);
        channel.SendCommand(0, Command.Version, new VersionPayload(0, 1, Capabilities.Defaults).Encode());
        UnixSocket.SetSendTimeout(channel.Fd, 2000);
        try
        {
            for (ushort id = 1; id < 64; id++)
                channel.SendCommand(id, Command.RegionRead, new RegionAccess(0, 0, 1 << 20).Encode(), noReply: false);
        }
        catch (SystemCallException)
        {
            // The server stopped reading: it is stuck sending a reply nobody takes, as intended.
        }
        server.WaitForClientToLeave(1, TimeSpan.FromSeconds(20)).Should().BeTrue(server.Describe());
        server.Stderr.Should().Contain("did not take a reply");
        server.HasExited.Should().BeFalse();
    }
}
