using System;
using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_blk: block I/O rules (docs/hvt-abi.md §9.3) on device "storage": write then
    /// read back every 64th block and the last one; I/O at capacity, a size other than the block
    /// size, a misaligned offset, and a wrong device type are refused with Invalid.</summary>
    public static class Blk
    {
        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_blk ****\n\n");
            if (Solo5.BlockAcquire("storage", out BlockDevice disk) != Solo5Result.Ok) return Fail("cannot acquire storage");
            if (Solo5.NetAcquire("storage", out _) != Solo5Result.Invalid) return Fail("acquired a block device as net");
            if (Solo5.BlockAcquire("nosuchdisk", out _) != Solo5Result.Invalid) return Fail("acquired an undeclared device");
            ulong bs = disk.BlockSize;
            if (bs < 512 || disk.Capacity % bs != 0 || disk.Capacity == 0) return Fail("odd geometry");

            byte[] wbuf = new byte[bs], rbuf = new byte[bs];
            ulong blocks = disk.Capacity / bs;
            for (ulong block = 0; block < blocks; block += 64)
                if (!RoundTrip(disk, block, wbuf, rbuf)) return Fail("block round trip");
            if (!RoundTrip(disk, blocks - 1, wbuf, rbuf)) return Fail("last block round trip");

            if (disk.Write(disk.Capacity, wbuf) != Solo5Result.Invalid) return Fail("write at capacity accepted");
            if (disk.Read(disk.Capacity, rbuf) != Solo5Result.Invalid) return Fail("read at capacity accepted");
            if (disk.Write(0, new ReadOnlySpan<byte>(wbuf, 0, (int)bs - 1)) != Solo5Result.Invalid) return Fail("short write accepted");
            if (disk.Read(0, new Span<byte>(new byte[bs * 2])) != Solo5Result.Invalid) return Fail("double-size read accepted");
            if (disk.Write(1, wbuf) != Solo5Result.Invalid) return Fail("misaligned write accepted");
            if (disk.Read(bs / 2, rbuf) != Solo5Result.Invalid) return Fail("misaligned read accepted");

            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }

        private static bool RoundTrip(BlockDevice disk, ulong block, byte[] wbuf, byte[] rbuf)
        {
            for (int i = 0; i < wbuf.Length; i++) wbuf[i] = (byte)(block + (ulong)i * 7);
            ulong offset = block * disk.BlockSize;
            if (disk.Write(offset, wbuf) != Solo5Result.Ok) return false;
            Array.Clear(rbuf);
            if (disk.Read(offset, rbuf) != Solo5Result.Ok) return false;
            return ((ReadOnlySpan<byte>)rbuf).SequenceEqual(wbuf);
        }

        private static int Fail(string why)
        {
            Solo5.ConsoleWrite("FAILURE: " + why + "\n");
            return Solo5.ExitFailure;
        }
    }
}
