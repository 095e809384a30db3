using System.Text.RegularExpressions;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt.Modules.Block;

/// <summary>
/// BLOCK_BASIC devices backed by host files: --block:NAME=PATH and --block-sector-size:NAME=N
/// (docs/hvt-abi.md §7.3, §8.1), hypercalls 4/5, fsync and close when the guest halts.
/// </summary>
public sealed partial class BlockModule : ITenderModule
{
    /// <summary>Every option of this module starts with this.</summary>
    public const string OptionPrefix = "--block";
    private const ushort DefaultBlockSize = 512;
    private readonly Dictionary<int, BlockDevice> _devices = [];
    // By manifest index, 0 = default.
    private readonly ushort[] _blockSizes = new ushort[MftLayout.MaxEntries];

    public string Name => "block";

    public string Usage =>
        "  --block:NAME=PATH (attach block device/file at PATH as block storage NAME)\n" +
        "  --block-sector-size:NAME=SIZE (set the block size of NAME to SIZE bytes, a power of two >= 512)\n";

    [GeneratedRegex(@"^--block:([A-Za-z0-9]{1,67})=(\S+)$")]
    private static partial Regex DeviceOption();

    [GeneratedRegex(@"^--block-sector-size:([A-Za-z0-9]{1,67})=(.*)$")]
    private static partial Regex SectorSizeOption();

    public bool TryParseOption(string arg, ModuleOptionContext ctx)
    {
        if (DeviceOption().Match(arg) is { Success: true } device)
        {
            int index = ctx.RequireDeclared(device.Groups[1].Value, MftDeviceType.BlockBasic);
            var opened = BlockDevice.Open(device.Groups[1].Value, index, device.Groups[2].Value);
            if (_devices.Remove(index, out var previous)) previous.FlushAndClose();
            _devices[index] = opened;
            var entry = ctx.Manifest.Entries[index];
            entry.BlockCapacity = opened.Capacity;
            entry.B = (ulong)opened.Fd;
            entry.Attached = true;
            return true;
        }
        if (SectorSizeOption().Match(arg) is { Success: true } sector)
        {
            int index = ctx.RequireDeclared(sector.Groups[1].Value, MftDeviceType.BlockBasic);
            if (!ushort.TryParse(sector.Groups[2].Value, out var size) || size < DefaultBlockSize || !IsPowerOfTwo(size))
                throw new InvalidOptionException("Block size must be a multiple of 2 greater than or equal 512");
            _blockSizes[index] = size;
            return true;
        }
        return false;
    }

    public void Setup(ModuleSetupContext ctx)
    {
        foreach (var device in _devices.Values)
        {
            var size = _blockSizes[device.ManifestIndex] is var chosen and not 0 ? chosen : DefaultBlockSize;
            if (device.Capacity % size != 0)
                throw new TenderException($"{device.Name}: Backing storage size must be block aligned ({size} bytes)");
            if (device.Capacity < size)
                throw new TenderException($"{device.Name}: Backing storage must be at least 1 block ({size} bytes) in size");
            device.BlockSize = size;
            ctx.Manifest.Entries[device.ManifestIndex].BlockSize = size;
        }
        if (_devices.Count == 0) return;
        new BlockHypercalls(ctx.Memory, _devices).Register(ctx.RegisterHypercall);
        ctx.RegisterHaltHook(_ => CloseAll());
    }

    private void CloseAll()
    {
        foreach (var device in _devices.Values) device.FlushAndClose();
        _devices.Clear();
    }

    private static bool IsPowerOfTwo(ushort v) => (v & (v - 1)) == 0;
}
