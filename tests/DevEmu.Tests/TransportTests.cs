using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>The framing layer over a real AF_UNIX socket pair (listener + connection in this process).</summary>
public sealed class TransportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vfio-user-transport").FullName;
    private readonly MessageChannel _client;
    private readonly MessageChannel _server;

    public TransportTests()
    {
        string path = Path.Combine(_directory, "s");
        using var listener = UnixSocket.Listen(path);
        _client = MessageChannel.Connect(path);
        _server = new MessageChannel(UnixSocket.Accept(listener.Number), maxMessageSize: 4096);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_message_arrives_whole_with_its_header()
    {
        _client.SendCommand(42, Command.RegionWrite, new RegionAccess(0x10, 7, 4).Encode([1, 2, 3, 4]), noReply: true);
        using var message = _server.Receive(5000)!;
        message.Header.Should().Be(new MessageHeader(42, Command.RegionWrite, 36, MessageType.Command, NoReply: true));
        message.Payload.ToArray().Should().HaveCount(20);
        message.FdCount.Should().Be(0);
    }

    [Fact]
    public void Descriptors_travel_with_their_message_and_refer_to_the_same_file()
    {
        using var memfd = Libc.MemfdCreate("transport-test");
        Libc.Ftruncate(memfd.Number, 4096);
        _client.SendCommand(1, Command.DmaMap, new DmaMapRequest(DmaProtection.Read, 0, 0, 4096).Encode(), [memfd.Number, memfd.Number]);
        using var message = _server.Receive(5000)!;
        message.FdCount.Should().Be(2);
        using var received = message.TakeFd(0);
        received.Number.Should().NotBe(memfd.Number);
        Libc.Pwrite(received.Number, "shared"u8, 100);
        var back = new byte[6];
        Libc.Pread(memfd.Number, back, 100);
        back.Should().Equal("shared"u8.ToArray());
    }

    [Fact]
    public void Orderly_close_between_messages_is_end_of_stream()
    {
        _client.Dispose();
        _server.Receive(5000).Should().BeNull();
    }

    [Fact]
    public void Close_inside_a_message_is_a_protocol_error()
    {
        var header = new byte[16];
        new MessageHeader(1, Command.RegionRead, 32, MessageType.Command).WriteTo(header);
        UnixSocket.Send(_client.Fd, header);
        _client.Dispose();
        FluentActions.Invoking(() => _server.Receive(5000)).Should().Throw<VfioUserProtocolException>().WithMessage("*inside a message*");
    }

    [Fact]
    public void An_oversized_message_is_refused_from_its_header()
    {
        var header = new byte[16];
        new MessageHeader(9, Command.RegionWrite, 1 << 20, MessageType.Command).WriteTo(header);
        UnixSocket.Send(_client.Fd, header);
        FluentActions.Invoking(() => _server.Receive(5000)).Should().Throw<OversizedMessageException>()
            .Which.Header.MessageId.Should().Be(9);
    }

    [Fact]
    public void Waiting_for_a_message_is_bounded()
    {
        FluentActions.Invoking(() => _server.Receive(50)).Should().Throw<VfioUserProtocolException>().WithMessage("no message within 50 ms");
    }

    [Fact]
    public void Connecting_to_a_missing_socket_names_the_errno()
    {
        FluentActions.Invoking(() => VfioUserClient.Connect(Path.Combine(_directory, "missing")))
            .Should().Throw<VfioUserException>().Which.Errno.Should().Be(Errno.ENOENT);
    }

    [Fact]
    public void A_whole_message_on_the_wire_is_header_then_payload()
    {
        _client.SendCommand(0x0102, Command.RegionWrite, new RegionAccess(0x10, PciRegion.Config, 4).Encode([0xFF, 0xFF, 0xFF, 0xFF]));
        var wire = new byte[64];
        int n = 0;
        for (int i = 0; i < 100 && n < 36; i++)
        {
            UnixSocket.WaitReadable(_server.Fd, 5000);
            n += UnixSocket.Receive(_server.Fd, wire.AsSpan(n), [], out _);
        }
        wire[..n].Should().Equal(Convert.FromHexString(
            "0201" + "0A00" + "24000000" + "00000000" + "00000000" + "1000000000000000" + "07000000" + "04000000" + "FFFFFFFF"));
    }

    [Fact]
    public void A_client_request_times_out_with_etimedout_when_the_server_never_answers()
    {
        string path = Path.Combine(_directory, "silent");
        using var listener = UnixSocket.Listen(path);
        using var client = VfioUserClient.Connect(path, timeoutMs: 100);
        FluentActions.Invoking(() => client.GetDeviceInfo()).Should().Throw<VfioUserException>()
            .Which.Errno.Should().Be(Errno.ETIMEDOUT);
    }

    [Fact]
    public void A_reply_that_answers_another_request_is_a_protocol_error()
    {
        AgainstOneAnswer("confused",
            (server, request) => server.SendReply((ushort)(request.Header.MessageId + 1), request.Header.Command,
                new DeviceInfo(DeviceFlags.Pci, 9, 2).Encode()),
            client => FluentActions.Invoking(() => client.GetDeviceInfo()).Should().Throw<VfioUserException>()
                .Which.Errno.Should().Be(Errno.EPROTO));
    }

    [Fact]
    public void An_error_reply_carries_the_servers_errno()
    {
        AgainstOneAnswer("refusing",
            (server, request) => server.SendError(request.Header.MessageId, request.Header.Command, Errno.EBUSY),
            client =>
            {
                var error = FluentActions.Invoking(() => client.Reset()).Should().Throw<VfioUserException>().Which;
                error.Errno.Should().Be(Errno.EBUSY);
                error.Command.Should().Be(Command.DeviceReset);
                error.Message.Should().Be("vfio-user DeviceReset: EBUSY (16)");
            });
    }

    /// <summary>Runs <paramref name="act"/> with a client whose server answers its first request with <paramref name="answer"/>.</summary>
    private void AgainstOneAnswer(string name, Action<MessageChannel, Message> answer, Action<VfioUserClient> act)
    {
        string path = Path.Combine(_directory, name);
        using var listener = UnixSocket.Listen(path);
        using var client = VfioUserClient.Connect(path, timeoutMs: 5000);
        using var server = new MessageChannel(UnixSocket.Accept(listener.Number));
        var serving = new Thread(() =>
        {
            using var request = server.Receive(5000)!;
            answer(server, request);
        });
        serving.Start();
        act(client);
        serving.Join(5000).Should().BeTrue();
    }
}
