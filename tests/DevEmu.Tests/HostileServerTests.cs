using System.Net.Sockets;
using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// The tender's side of vfio-user (<see cref="VfioUserClient"/>, the eventfd drain) against a
/// hostile server in this process, one attack per test (docs/security.md, "Hostile vfio-user
/// peers"): a server that peeks at requests and answers them without ever consuming them, one that
/// answers with the wrong id, one that hangs up inside a message, one that never answers (and the
/// tender exiting meanwhile), one that clears O_NONBLOCK on the shared interrupt eventfd, and around
/// posted writes one that never answers writes, one that stops reading and one that answers them
/// anyway. Each ends in a one-line error (or a clean return) within a generous bound, never a hang.
/// </summary>
public sealed class HostileServerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("vfio-user-hostile").FullName;
    private readonly Socket _listener;
    private Socket? _connection;
    private Thread? _server;

    public HostileServerTests()
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
    }

    private string SocketPath => Path.Combine(_directory, "s");

    public void Dispose()
    {
        _connection?.Dispose();
        _listener.Dispose();
        _server?.Join(Bound);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Serves one connection with <paramref name="serve"/> on a thread of its own.</summary>
    private VfioUserClient Start(Action<Socket> serve, int timeoutMs)
    {
        _server = new Thread(() =>
        {
            try
            {
                _connection = _listener.Accept();
                serve(_connection);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }) { IsBackground = true, Name = "hostile-server" };
        _server.Start();
        return VfioUserClient.Connect(SocketPath, timeoutMs);
    }

    /// <summary>Runs <paramref name="request"/> on another thread and returns how it failed (null: it
    /// succeeded); the test fails if it is still running after <see cref="Bound"/>.</summary>
    private static VfioUserException? Outcome(Action request)
    {
        var task = Task.Run(request);
        try { task.Wait(Bound).Should().BeTrue("a request on a hostile server ends in bounded time"); }
        catch (AggregateException e) when (e.InnerException is VfioUserException failure) { return failure; }
        return null;
    }

    private static void ShouldBeOneLine(VfioUserException e) => e.Message.Should().NotContain("\n");

    [Fact]
    public void A_server_that_peeks_at_requests_and_never_consumes_them_cannot_block_the_client_in_send()
    {
        using var client = Start(socket =>
        {
            // Answers every request (so the client goes on sending) without taking it off the socket.
            var peeked = new byte[8 << 20];
            int offset = 0;
            while (true)
            {
                int have = socket.Receive(peeked, 0, Math.Min(peeked.Length, offset + MessageHeader.Length), SocketFlags.Peek);
                if (have == 0) return;
                if (have < offset + MessageHeader.Length) { Thread.Sleep(5); continue; }
                var request = MessageHeader.Read(peeked.AsSpan(offset));
                socket.Send(Reply(request, new RegionAccess(0, 0, 0).Encode()));
                offset += (int)request.Size;
            }
        }, timeoutMs: 2000);
        var data = new byte[64 << 10];
        var failure = Outcome(() =>
        {
            for (int i = 0; i < 10_000; i++) client.RegionWrite(0, 0, data);
        });
        failure.Should().NotBeNull("the socket buffer fills once the server stops consuming");
        failure!.Errno.Should().Be(Errno.ETIMEDOUT, failure.Message);
        failure.Message.Should().Contain("took no more");
        ShouldBeOneLine(failure);
    }

    /// <summary>A posted write is sent and not waited for: against a server that never answers a
    /// write (as asked), the posted writes return, whereas a waited-for write runs into its bound; the
    /// read after them is answered and matched although the writes took message ids and got no reply.</summary>
    [Fact]
    public void A_posted_write_returns_without_an_answer_and_the_next_reply_still_matches_its_request()
    {
        using var client = Start(socket =>
        {
            // Counts the writes and answers each read with how many came before it.
            uint writes = 0;
            while (true)
            {
                var (request, payload) = ReadRequestAndPayload(socket);
                if (request.Command == Command.RegionWrite) { writes++; continue; }
                socket.Send(Reply(request, RegionAccess.Decode(payload).Encode(BitConverter.GetBytes(writes))));
            }
        }, timeoutMs: 600_000);
        Outcome(() =>
        {
            for (uint i = 0; i < 3; i++) client.RegionWritePosted(0, 0x04, BitConverter.GetBytes(i));
        }).Should().BeNull("a posted write waits for nothing");
        uint seen = 0;
        Outcome(() => seen = client.RegionRead32(0, 0x04)).Should().BeNull();
        seen.Should().Be(3, "the server handled the three writes before the read");
        client.RefusedPostedWrites.Should().Be(0);

        client.TimeoutMs = 1000;
        var waited = Outcome(() => client.RegionWrite(0, 0x04, [1, 2, 3, 4]));
        waited!.Errno.Should().Be(Errno.ETIMEDOUT, "a waited-for write needs the answer this server never sends");
        waited.Message.Should().Contain("no message within");
    }

    /// <summary>A server that stops reading: the posted writes fill the socket buffer, and the one that
    /// finds no room ends within the send bound with the error a waited-for request gives.</summary>
    [Fact]
    public void A_posted_write_to_a_server_that_stops_reading_ends_within_the_send_bound()
    {
        using var stop = new ManualResetEventSlim();
        try
        {
            using var client = Start(_ => stop.Wait(Bound), timeoutMs: 2000);
            var failure = Outcome(() =>
            {
                for (int i = 0; i < 1_000_000; i++) client.RegionWritePosted(0, 0x04, [1, 2, 3, 4]);
            });
            failure.Should().NotBeNull("the socket buffer fills once the server stops reading");
            failure!.Command.Should().Be(Command.RegionWrite);
            failure.Errno.Should().Be(Errno.ETIMEDOUT, failure.Message);
            failure.Message.Should().Contain("took no more of a");
            ShouldBeOneLine(failure);
        }
        finally
        {
            stop.Set();
        }
    }

    /// <summary>The protocol lets a server answer a command that asked for no reply: such answers to
    /// posted writes (here errors) are taken for what they are and counted, and the read after them
    /// still gets its own reply; an answer to a message never sent remains a protocol error.</summary>
    [Fact]
    public void Answers_to_posted_writes_are_taken_as_late_answers_and_counted_when_they_are_errors()
    {
        using var client = Start(socket =>
        {
            for (int i = 0; i < 3; i++)
            {
                var write = ReadRequest(socket);
                socket.Send(i == 1 ? Reply(write, new RegionAccess(0x04, 0, 4).Encode()) : Error(write, Errno.EINVAL));
            }
            var (read, payload) = ReadRequestAndPayload(socket);
            socket.Send(Reply(read, RegionAccess.Decode(payload).Encode(BitConverter.GetBytes(0xCAFEu))));
            var stray = ReadRequest(socket);
            socket.Send(Reply(stray with { MessageId = 1, Command = Command.RegionWrite }, []));   // write #1 again
            ReadRequest(socket);
        }, timeoutMs: 5000);
        uint value = 0;
        Outcome(() =>
        {
            for (int i = 0; i < 3; i++) client.RegionWritePosted(0, 0x04, [1, 2, 3, 4]);
            value = client.RegionRead32(0, 0x04);
        }).Should().BeNull();
        value.Should().Be(0xCAFEu);
        client.RefusedPostedWrites.Should().Be(2);
        var failure = Outcome(() => client.RegionRead32(0, 0x04));
        failure!.Errno.Should().Be(71, failure.Message);   // EPROTO
        failure.Message.Should().Contain("reply #1 RegionWrite does not answer request #4");
    }

    [Fact]
    public void A_reply_with_the_wrong_id_is_a_protocol_error()
    {
        using var client = Start(socket =>
        {
            var request = ReadRequest(socket);
            socket.Send(Reply(request with { MessageId = (ushort)(request.MessageId + 1) }, []));
            ReadRequest(socket);
        }, timeoutMs: 5000);
        var failure = Outcome(client.Reset);
        failure!.Errno.Should().Be(71, failure.Message);   // EPROTO
        failure.Message.Should().Contain("does not answer request #0");
        ShouldBeOneLine(failure);
    }

    [Fact]
    public void A_server_that_hangs_up_inside_a_reply_is_a_protocol_error()
    {
        using var client = Start(socket =>
        {
            var request = ReadRequest(socket);
            socket.Send(Reply(request, new byte[32])[..20]);
            socket.Shutdown(SocketShutdown.Both);
        }, timeoutMs: 5000);
        var failure = Outcome(client.Reset);
        failure!.Errno.Should().Be(71, failure.Message);
        failure.Message.Should().Contain("connection closed inside a message");
        ShouldBeOneLine(failure);
    }

    [Fact]
    public void Abort_from_another_thread_ends_a_request_waiting_on_a_server_that_never_answers()
    {
        var received = new ManualResetEventSlim();
        using var client = Start(socket =>
        {
            ReadRequest(socket);
            received.Set();
            ReadRequest(socket);   // and never answers
        }, timeoutMs: 600_000);
        var request = Task.Run(client.Reset);
        received.Wait(Bound).Should().BeTrue();
        client.Abort();
        var failure = Outcome(() => request.GetAwaiter().GetResult());
        failure.Should().NotBeNull();
        failure!.Errno.Should().Be(Errno.ECONNRESET, failure.Message);
        Outcome(client.Reset)!.Errno.Should().BeOneOf(Errno.EPIPE, Errno.ECONNRESET);
    }

    [Fact]
    public void The_interrupt_drain_never_waits_even_when_the_peer_cleared_O_NONBLOCK()
    {
        using var interrupt = Eventfd.Create();
        int flags = Libc.Fcntl(interrupt.Number, Libc.F_GETFL);
        Libc.Fcntl(interrupt.Number, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);   // what the peer does to the shared description
        ulong drained = ulong.MaxValue;
        var drain = new Thread(() => drained = Eventfd.Drain(interrupt.Number)) { IsBackground = true };
        drain.Start();
        drain.Join(Bound).Should().BeTrue("a drain of an empty eventfd returns at once, whatever its flags");
        drained.Should().Be(0);
        Eventfd.Signal(interrupt.Number, 3);
        Eventfd.Drain(interrupt.Number).Should().Be(3);
    }

    private static MessageHeader ReadRequest(Socket socket) => ReadRequestAndPayload(socket).Header;

    private static (MessageHeader Header, byte[] Payload) ReadRequestAndPayload(Socket socket)
    {
        var header = new byte[MessageHeader.Length];
        ReceiveExactly(socket, header);
        var request = MessageHeader.Read(header);
        var payload = new byte[request.PayloadLength];
        ReceiveExactly(socket, payload);
        return (request, payload);
    }

    private static void ReceiveExactly(Socket socket, byte[] buffer)
    {
        for (int done = 0, n; done < buffer.Length; done += n)
            if ((n = socket.Receive(buffer, done, buffer.Length - done, SocketFlags.None)) == 0) throw new SocketException();
    }

    private static byte[] Error(MessageHeader request, int errno)
    {
        var bytes = new byte[MessageHeader.Length];
        new MessageHeader(request.MessageId, request.Command, MessageHeader.Length, MessageType.Reply, IsError: true, Errno: (uint)errno).WriteTo(bytes);
        return bytes;
    }

    private static byte[] Reply(MessageHeader request, byte[] payload)
    {
        var bytes = new byte[MessageHeader.Length + payload.Length];
        new MessageHeader(request.MessageId, request.Command, (uint)bytes.Length, MessageType.Reply).WriteTo(bytes);
        payload.CopyTo(bytes, MessageHeader.Length);
        return bytes;
    }
}
