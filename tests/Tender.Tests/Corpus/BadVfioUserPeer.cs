using System.Buffers.Binary;
using System.Net.Sockets;
using Solo5Net.VfioUser;

namespace Solo5Net.Tests.Tender.Corpus;

/// <summary>
/// A vfio-user "server" that misbehaves in one named way: it answers the tender's requests
/// correctly up to a point and then sends a malformed reply, a reply to another message, an error,
/// a short or oversized message, or hangs up (docs/vfio-user.md). Serves one connection; Dispose stops it.
/// </summary>
internal sealed class BadVfioUserPeer : IDisposable
{
    /// <summary>What the peer does with request number <c>index</c> (0 = VERSION): bytes to send
    /// (then keep serving), null to hang up, or an empty array to send nothing and keep waiting.</summary>
    private delegate byte[]? Behaviour(MessageHeader request, int index, byte[] payload);

    private static readonly Dictionary<string, Behaviour> Behaviours = new()
    {
        ["hangs-up-at-once"] = (_, _, _) => null,
        ["hangs-up-after-version"] = (r, i, p) => i == 0 ? Good(r, p) : null,
        ["short-header"] = (r, _, p) => Good(r, p)[..8],
        ["size-below-header"] = (r, _, p) => Header(r, size: 8),
        ["size-4-gib"] = (r, _, p) => Header(r, size: uint.MaxValue),
        ["announces-more-than-it-sends"] = (r, _, p) => [.. Header(r, size: 1000), .. new byte[10]],
        ["wrong-message-id"] = (r, _, p) => Good(r with { MessageId = (ushort)(r.MessageId + 7) }, p),
        ["wrong-command"] = (r, _, p) => Good(r with { Command = Command.DmaRead }, p),
        ["unknown-message-type"] = (r, _, p) => Retype(Good(r, p), 7),
        ["request-instead-of-reply"] = (r, _, p) => Retype(Good(r, p), 0),
        ["error-reply-to-version"] = (r, i, p) => i == 0 ? Error(r, 22) : Good(r, p),
        ["error-reply-zero-errno"] = (r, i, p) => i == 0 ? Error(r, 0) : Good(r, p),
        ["version-garbage-json"] = (r, i, p) => i == 0 ? Reply(r, [.. new byte[4], .. "{not json"u8, 0]) : Good(r, p),
        ["version-empty-payload"] = (r, i, p) => i == 0 ? Reply(r, []) : Good(r, p),
        ["version-major-9"] = (r, i, p) => i == 0 ? Reply(r, new VersionPayload(9, 0, Capabilities.Defaults).Encode()) : Good(r, p),
        ["device-not-pci"] = (r, _, p) => r.Command == Command.DeviceGetInfo ? Reply(r, new DeviceInfo(DeviceFlags.None, 9, 5).Encode()) : Good(r, p),
        ["device-without-config-region"] = (r, _, p) => r.Command == Command.DeviceGetInfo ? Reply(r, new DeviceInfo(DeviceFlags.Pci, 2, 0).Encode()) : Good(r, p),
        ["device-info-truncated"] = (r, _, p) => r.Command == Command.DeviceGetInfo ? Reply(r, new byte[5]) : Good(r, p),
        ["region-info-truncated"] = (r, _, p) => r.Command == Command.DeviceGetRegionInfo ? Reply(r, new byte[12]) : Good(r, p),
        ["hangs-up-at-region-info"] = (r, _, p) => r.Command == Command.DeviceGetRegionInfo ? null : Good(r, p),
        ["config-read-error"] = (r, _, p) => r.Command == Command.RegionRead ? Error(r, 5) : Good(r, p),
        ["config-read-short"] = (r, _, p) => r.Command == Command.RegionRead ? Reply(r, new byte[16]) : Good(r, p),
        ["bar-size-not-power-of-two"] = (r, _, p) => r.Command == Command.DeviceGetRegionInfo ? RegionInfoReply(r, p, bar0Size: 0xFFFF_FFFF_FFFF_F001) : Good(r, p),
        ["bar-size-1-tib"] = (r, _, p) => r.Command == Command.DeviceGetRegionInfo ? RegionInfoReply(r, p, bar0Size: 1UL << 40) : Good(r, p),
        [NeverAnswers] = (_, _, _) => [],
        [SlowFirstAnswer] = (r, i, p) =>
        {
            if (i == 0) Thread.Sleep(SlowFirstAnswerDelay);
            return Good(r, p);
        },
        [RuntimeSilent] = (r, _, p) => IsGuestProbe(r, p) ? [] : Good(r, p),
        [RuntimeHangUp] = (r, _, p) => IsGuestProbe(r, p) ? null : Good(r, p),
        [RuntimeWrongId] = (r, _, p) => Good(IsGuestProbe(r, p) ? r with { MessageId = (ushort)(r.MessageId ^ 0x100) } : r, p),
        [RuntimeGarbage] = (r, _, p) => IsGuestProbe(r, p) ? Reply(r, [1, 2, 3]) : Good(r, p),
        [Healthy] = (r, _, p) => Good(r, p),
        [RuntimePeeks] = (r, _, p) => r.Command switch
        {
            Command.DeviceGetRegionInfo => RegionInfoReply(r, p, bar0Size: 1 << 20),
            Command.DeviceGetIrqInfo => Reply(r, new IrqInfo(IrqInfoFlags.None, IrqInfo.Decode(p).Index, IrqInfo.Decode(p).Index == IrqIndex.Intx ? 1u : 0).Encode()),
            _ => Good(r, p),
        },
    };

    /// <summary>An edu-like device (a trapped 1 MiB BAR0, INTx) served well until the guest's first BAR0
    /// access; from then on it answers every request by peeking at it and never consumes one, so the
    /// tender's socket buffer fills (docs/security.md, "Hostile vfio-user peers").</summary>
    public const string RuntimePeeks = "runtime-peeks-never-consumes";

    /// <summary>Set once <see cref="RuntimePeeks"/> has answered this many requests without consuming them.</summary>
    public ManualResetEventSlim PeekedMany { get; } = new();
    public const int ManyPeeked = 3;
    private const int UnsolicitedCommands = 40;

    /// <summary>Set when the first request (VERSION, during the tender's set-up) has arrived.</summary>
    public ManualResetEventSlim FirstRequestReceived { get; } = new();

    /// <summary>Set when the guest's probe (<see cref="GuestProbeOffset"/>) arrives.</summary>
    public ManualResetEventSlim GuestProbed { get; } = new();

    private static byte[] Unsolicited(ushort id)
    {
        var bytes = new byte[MessageHeader.Length];
        new MessageHeader(id, Command.DmaRead, MessageHeader.Length, MessageType.Command).WriteTo(bytes);
        return bytes;
    }

    /// <summary>Peers that misbehave only once the guest runs: when it reads config offset
    /// <see cref="GuestProbeOffset"/> (which set-up never reads) through hypercall 9.</summary>
    public const string RuntimeHangUp = "runtime-hangs-up", RuntimeWrongId = "runtime-wrong-message-id", RuntimeGarbage = "runtime-garbage-reply",
        RuntimeSilent = "runtime-never-answers";
    public const uint GuestProbeOffset = 0x40;
    public static readonly string[] Runtime = [RuntimeHangUp, RuntimeWrongId, RuntimeGarbage, RuntimeSilent];

    /// <summary>A peer that accepts the connection and never answers anything.</summary>
    public const string NeverAnswers = "never-answers";

    /// <summary>A peer that takes longer than a running guest's bound (5 s) to answer VERSION, as a
    /// server just started on a slow machine may, and then serves well: set-up waits for it.</summary>
    public const string SlowFirstAnswer = "slow-first-answer";
    private static readonly TimeSpan SlowFirstAnswerDelay = TimeSpan.FromSeconds(7);

    private static bool IsGuestProbe(MessageHeader r, byte[] payload) =>
        r.Command == Command.RegionRead && RegionAccess.Decode(payload) is { Region: PciRegion.Config, Offset: GuestProbeOffset };

    /// <summary>The control: a peer that answers everything well (the guest then boots).</summary>
    public const string Healthy = "healthy";

    public static IEnumerable<object[]> RuntimeNames => Runtime.Select(n => new object[] { n });

    public static IEnumerable<object[]> Names => Behaviours.Keys.Where(k => k != Healthy && k != SlowFirstAnswer && k != RuntimePeeks && !Runtime.Contains(k))
        .Order().Select(n => new object[] { n });

    private readonly Socket _listener;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _connection;

    public string SocketPath { get; }

    private readonly bool _peeksAtRuntime;

    private BadVfioUserPeer(string path, Behaviour behaviour, bool peeksAtRuntime = false)
    {
        _peeksAtRuntime = peeksAtRuntime;
        SocketPath = path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(1);
        _thread = new Thread(() => Serve(behaviour)) { IsBackground = true, Name = "bad-vfio-user-peer" };
        _thread.Start();
    }

    public static BadVfioUserPeer Start(string behaviour, string directory) =>
        new(Path.Combine(directory, behaviour + ".sock"), Behaviours[behaviour], behaviour == RuntimePeeks);

    private void Serve(Behaviour behaviour)
    {
        try
        {
            _connection = _listener.Accept();
            var header = new byte[MessageHeader.Length];
            for (int index = 0; !_stop.IsCancellationRequested; index++)
            {
                if (!ReceiveExactly(_connection, header)) return;
                var request = MessageHeader.Read(header);
                var payload = new byte[request.PayloadLength];
                if (!ReceiveExactly(_connection, payload)) return;
                FirstRequestReceived.Set();
                if (IsGuestProbe(request, payload)) GuestProbed.Set();
                var answer = behaviour(request, index, payload);
                if (answer == null) { _connection.Shutdown(SocketShutdown.Both); _connection.Close(); return; }
                if (answer.Length > 0) _connection.Send(answer);
                if (_peeksAtRuntime && request.Command == Command.RegionRead && RegionAccess.Decode(payload).Region == 0)
                {
                    AnswerByPeeking(_connection, behaviour);
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or VfioUserProtocolException) { }
    }

    /// <summary>Answers each request after the last one consumed by peeking at the socket's queue,
    /// taking nothing off it, until the tender hangs up.</summary>
    private void AnswerByPeeking(Socket socket, Behaviour behaviour)
    {
        var queue = new byte[8 << 20];
        int offset = 0, answered = 0;
        while (!_stop.IsCancellationRequested)
        {
            int have = socket.Receive(queue, 0, queue.Length, SocketFlags.Peek);
            if (have == 0) return;
            if (have < offset + MessageHeader.Length) { Thread.Sleep(5); continue; }
            var request = MessageHeader.Read(queue.AsSpan(offset));
            if (have < offset + (int)request.Size) { Thread.Sleep(5); continue; }
            var payload = queue.AsSpan(offset + MessageHeader.Length, (int)request.PayloadLength).ToArray();
            offset += (int)request.Size;
            if (request.Type != MessageType.Command) continue;   // the tender's error replies to the commands below
            // Commands of its own first, each of which the tender answers (EOPNOTSUPP): they fill its
            // socket buffer a few dozen times faster than its requests alone would.
            for (int i = 0; i < UnsolicitedCommands; i++) socket.Send(Unsolicited((ushort)(answered * UnsolicitedCommands + i)));
            socket.Send(behaviour(request, 0, payload) ?? []);
            if (++answered == ManyPeeked) PeekedMany.Set();
        }
    }

    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = socket.Receive(buffer, done, buffer.Length - done, SocketFlags.None);
            if (n == 0) return false;
            done += n;
        }
        return true;
    }

    // ---- replies a well-behaved edu-like server would send, and ways to spoil them

    /// <summary>Configuration space of an edu-like device (ids 1234:11e8, class 0x00ff), no BARs.</summary>
    private static byte[] Config()
    {
        var config = new byte[256];
        BinaryPrimitives.WriteUInt32LittleEndian(config, 0x11E81234);
        config[0x0B] = 0x00;
        config[0x0A] = 0xFF;
        return config;
    }

    private static byte[] Good(MessageHeader r, byte[] payload) => r.Command switch
    {
        Command.Version => Reply(r, new VersionPayload(0, 1, Capabilities.Defaults).Encode()),
        Command.DeviceGetInfo => Reply(r, new DeviceInfo(DeviceFlags.Pci | DeviceFlags.ResetSupported, 9, 5).Encode()),
        Command.DeviceGetRegionInfo => RegionInfoReply(r, payload),
        Command.RegionRead => RegionRead(r, payload),
        Command.DeviceGetIrqInfo => Reply(r, new IrqInfo(IrqInfoFlags.None, IrqInfo.Decode(payload).Index, 0).Encode()),
        _ => Reply(r, []),
    };

    /// <summary>A 256-byte configuration region; no BARs, or a BAR0 of <paramref name="bar0Size"/> bytes
    /// (a memory BAR: its register in <see cref="Config"/> reads 0).</summary>
    private static byte[] RegionInfoReply(MessageHeader r, byte[] payload, ulong bar0Size = 0)
    {
        var index = RegionInfo.Decode(payload).Index;
        var size = index == PciRegion.Config ? 256UL : index == 0 ? bar0Size : 0;
        return Reply(r, new RegionInfo(RegionInfo.Length, RegionFlags.Read | RegionFlags.Write, index, 0, size, 0).EncodeFixedPart());
    }

    private static byte[] RegionRead(MessageHeader r, byte[] payload)
    {
        var access = RegionAccess.Decode(payload);
        var data = new byte[access.Count];
        var config = Config();
        if (access.Region == PciRegion.Config && access.Offset < (ulong)config.Length)
            config.AsSpan((int)access.Offset, (int)Math.Min(access.Count, (ulong)config.Length - access.Offset)).CopyTo(data);
        return Reply(r, access.Encode(data));
    }

    private static byte[] Reply(MessageHeader r, byte[] payload)
    {
        var bytes = new byte[MessageHeader.Length + payload.Length];
        new MessageHeader(r.MessageId, r.Command, (uint)bytes.Length, MessageType.Reply).WriteTo(bytes);
        payload.CopyTo(bytes, MessageHeader.Length);
        return bytes;
    }

    private static byte[] Header(MessageHeader r, uint size)
    {
        var bytes = new byte[MessageHeader.Length];
        new MessageHeader(r.MessageId, r.Command, MessageHeader.Length, MessageType.Reply).WriteTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), size);
        return bytes;
    }

    private static byte[] Error(MessageHeader r, uint errno)
    {
        var bytes = new byte[MessageHeader.Length];
        new MessageHeader(r.MessageId, r.Command, MessageHeader.Length, MessageType.Reply, IsError: true, Errno: errno).WriteTo(bytes);
        return bytes;
    }

    private static byte[] Retype(byte[] message, uint type)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), type);
        return message;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _connection?.Close(); } catch (SocketException) { }
        _listener.Close();
        _thread.Join(5000);
        try { File.Delete(SocketPath); } catch (IOException) { }
    }
}
