namespace Solo5Net.DevEmu.E1000;

/// <summary>The 128 KiB register space as 32-bit words, indexed by byte offset.</summary>
public sealed class RegisterFile
{
    public const int Bytes = 128 * 1024;
    private readonly uint[] _words = new uint[Bytes / 4];

    public uint this[int offset]
    {
        get => _words[offset >> 2];
        set => _words[offset >> 2] = value;
    }

    public void Clear() => Array.Clear(_words);

    /// <summary>A 64-bit base address from its low/high register pair.</summary>
    public ulong Address(int lowOffset) => (ulong)this[lowOffset + 4] << 32 | this[lowOffset];
}
