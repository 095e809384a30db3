using Solo5Net.DevEmu.Edu;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.Fuzz.Support;

/// <summary>
/// Records real vfio-user sessions for the seed corpora, through a relay that keeps both byte
/// streams, against hvt-devemu's <see cref="ClientSession"/> over edu (<see cref="EduServer"/>):
/// "attach", the tender attaching and releasing a device (<see cref="TenderClientSession"/>), and
/// "driver", a driver's work on edu (factorial, DMA both ways, interrupts, unmapping, reset).
/// What the client sent seeds vfio-user-server, what the server sent seeds vfio-user-client.
/// </summary>
public static class VfioUserRecorder
{
    public static void Record(string corpusRoot)
    {
        Record(corpusRoot, "attach", TenderClientSession.Run);
        Record(corpusRoot, "driver", DriveEdu);
    }

    private static void Record(string corpusRoot, string name, Action<string> client)
    {
        using var server = new SocketRendezvous();
        using var relay = new SocketRendezvous();
        using var edu = new EduServer();
        var serving = new Thread(() => edu.Serve(server.Accept())) { Name = "recorded-server" };
        serving.Start();
        var toServer = new MemoryStream();
        var toClient = new MemoryStream();
        var relaying = new Thread(() =>
        {
            using var clientSide = relay.Accept();
            using var serverSide = UnixSocket.Connect(server.Path);
            var back = new Thread(() => Pump(serverSide, clientSide, toClient)) { Name = "relay-back" };
            back.Start();
            Pump(clientSide, serverSide, toServer);
            back.Join();
        }) { Name = "relay" };
        relaying.Start();
        client(relay.Path);
        relaying.Join();
        serving.Join();
        Write(Path.Combine(corpusRoot, "vfio-user-server", name), toServer);
        Write(Path.Combine(corpusRoot, "vfio-user-client", name), toClient);
    }

    private static void DriveEdu(string socketPath)
    {
        using var client = VfioUserClient.Connect(socketPath);
        client.Negotiate();
        client.GetDeviceInfo();
        client.GetRegionInfo(0).Dispose();
        client.GetIrqInfo(IrqIndex.Msi);
        client.RegionWrite(PciRegion.Config, 0x04, [0x06, 0x00]);
        client.RegionWrite32(0, 0x08, 6);
        client.RegionRead32(0, 0x08);
        client.RegionWrite32(0, 0x20, EduDevice.StatusIrqOnFactorial);
        client.RegionWrite32(0, 0x08, 4);
        client.RegionRead32(0, 0x24);
        client.RegionWrite32(0, 0x64, EduDevice.FactorialIrq);
        client.RegionWrite64(0, 0x80, EduServer.DmaIova);
        client.RegionWrite64(0, 0x88, EduDevice.BufferAddress);
        client.RegionWrite64(0, 0x90, 64);
        client.RegionWrite64(0, 0x98, EduDevice.DmaStart | EduDevice.DmaToDevice | EduDevice.DmaRaiseIrq);
        client.RegionRead64(0, 0x98);
        client.RegionWrite64(0, 0x80, EduDevice.BufferAddress);
        client.RegionWrite64(0, 0x88, EduServer.DmaIova + 0x100);
        client.RegionWrite64(0, 0x98, EduDevice.DmaStart | EduDevice.DmaFromDevice);
        client.RegionRead(0, 0x40000, new byte[64]);
        client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataBool | IrqSetFlags.ActionTrigger, IrqIndex.Intx, 0, 1, [1]));
        client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataNone | IrqSetFlags.ActionUnmask, IrqIndex.Intx, 0, 1));
        client.DmaUnmap(EduServer.DmaIova, EduServer.ClientMemorySize);
        client.Reset();
    }

    /// <summary>Copies one direction until end of stream, then ends the other socket's sending side.</summary>
    private static void Pump(FileDescriptor from, FileDescriptor to, MemoryStream record)
    {
        var buffer = new byte[64 * 1024];
        var fds = new List<FileDescriptor>();
        int n;
        while ((n = UnixSocket.Receive(from.Number, buffer, fds, out _)) > 0)
        {
            int sent = UnixSocket.Send(to.Number, buffer.AsSpan(0, n), [.. fds.Select(f => f.Number)]);
            while (sent < n) sent += UnixSocket.Send(to.Number, buffer.AsSpan(sent, n - sent));
            foreach (var fd in fds) fd.Dispose();
            fds.Clear();
            lock (record) record.Write(buffer, 0, n);
        }
        UnixSocket.ShutdownWrite(to.Number);
    }

    private static void Write(string path, MemoryStream bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes.ToArray());
        Console.WriteLine($"{path}: {bytes.Length} bytes");
    }
}
