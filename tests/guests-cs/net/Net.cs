using System;
using Solo5Net.Runtime;
using Solo5Net.Runtime.Text;
using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>
    /// Solo5's test_net: on device "service0" answer ARP for 10.0.0.2 and ICMP echo requests to it.
    /// Command line "limit N": exit with SUCCESS after N echo replies. Gives up (FAILURE) after
    /// 30 s without a frame. One receive buffer, reused; fails if the serving loop allocated at all.
    /// </summary>
    public static class Net
    {
        private static readonly byte[] s_ip = { 10, 0, 0, 2 };
        private const ulong IdleTimeout = 30_000_000_000UL;

        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_net ****\n\n");
            if (Solo5.NetAcquire("service0", out NetDevice nic) != Solo5Result.Ok) return Fail("cannot acquire service0");
            Span<byte> line = stackalloc byte[96];
            new LineWriter(line).Append("MTU is ").Append((long)nic.Mtu).Append("\n").WriteToConsole();

            ulong limit = 0;
            string cmd = start.CommandLine;
            if (cmd.StartsWith("limit ") && !Number.TryParse(cmd.AsSpan().Slice(6), out limit)) return Fail("bad limit");

            byte[] frame = new byte[nic.Mtu + NetDevice.EthernetHeaderLength];
            ulong replies = 0, lastActivity = Solo5.ClockMonotonic();
            ulong heapBefore = Heap.Used;
            while (limit == 0 || replies < limit)
            {
                Solo5.Yield(Solo5.ClockMonotonic() + 1_000_000_000UL, out ulong ready);
                if ((ready & (1UL << (int)nic.Handle)) == 0)
                {
                    if (Solo5.ClockMonotonic() - lastActivity > IdleTimeout) return Fail("no traffic");
                    continue;
                }
                while (nic.Read(frame, out int length) == Solo5Result.Ok)
                {
                    lastActivity = Solo5.ClockMonotonic();
                    Span<byte> f = new Span<byte>(frame, 0, length);
                    if (length < 14) continue;
                    int etherType = f[12] << 8 | f[13];
                    if (etherType == 0x0806 && AnswerArp(f, nic.Mac)) nic.Write(f.Slice(0, 42));
                    // Only a reply that went out counts: a full transmit queue refuses the write.
                    else if (etherType == 0x0800 && AnswerPing(f, nic.Mac) && nic.Write(f) == Solo5Result.Ok) replies++;
                }
            }
            if (Heap.Used != heapBefore) return Fail("the serving loop allocated");
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }

        /// <summary>Turns an ARP request for our address into the reply, in place.</summary>
        private static bool AnswerArp(Span<byte> f, ReadOnlySpan<byte> mac)
        {
            if (f.Length < 42) return false;
            Span<byte> arp = f.Slice(14);
            bool request = arp[0] == 0 && arp[1] == 1 && arp[2] == 8 && arp[3] == 0 && arp[6] == 0 && arp[7] == 1;
            if (!request || !arp.Slice(24, 4).SequenceEqual(s_ip)) return false;
            arp[7] = 2;
            arp.Slice(8, 10).CopyTo(arp.Slice(18, 10));    // requester becomes target (MAC + IP)
            mac.CopyTo(arp.Slice(8, 6));
            ((ReadOnlySpan<byte>)s_ip).CopyTo(arp.Slice(14, 4));
            f.Slice(6, 6).CopyTo(f.Slice(0, 6));
            mac.CopyTo(f.Slice(6, 6));
            return true;
        }

        /// <summary>Turns an ICMP echo request to our address into the reply, in place.</summary>
        private static bool AnswerPing(Span<byte> f, ReadOnlySpan<byte> mac)
        {
            if (f.Length < 14 + 20 + 8) return false;
            Span<byte> ip = f.Slice(14);
            int headerLength = (ip[0] & 0xF) * 4;
            int totalLength = ip[2] << 8 | ip[3];
            if (ip[0] >> 4 != 4 || headerLength < 20 || totalLength > ip.Length || totalLength < headerLength + 8) return false;
            if (ip[9] != 1 || !ip.Slice(16, 4).SequenceEqual(s_ip)) return false;
            Span<byte> icmp = ip.Slice(headerLength, totalLength - headerLength);
            if (icmp[0] != 8) return false;

            f.Slice(6, 6).CopyTo(f.Slice(0, 6));
            mac.CopyTo(f.Slice(6, 6));
            ip.Slice(12, 4).CopyTo(ip.Slice(16, 4));
            ((ReadOnlySpan<byte>)s_ip).CopyTo(ip.Slice(12, 4));
            icmp[0] = 0;
            icmp[2] = 0; icmp[3] = 0;
            ushort sum = Checksum(icmp);
            icmp[2] = (byte)(sum >> 8); icmp[3] = (byte)sum;
            return true;
        }

        private static ushort Checksum(ReadOnlySpan<byte> data)
        {
            uint sum = 0;
            int i = 0;
            for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
            if (i < data.Length) sum += (uint)data[i] << 8;
            while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
        }

        private static int Fail(string why)
        {
            Solo5.ConsoleWrite("FAILURE: " + why + "\n");
            return Solo5.ExitFailure;
        }
    }
}
