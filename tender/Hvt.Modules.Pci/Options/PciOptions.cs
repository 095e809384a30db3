using System.Text.RegularExpressions;

namespace Solo5Net.Hvt.Modules.Pci.Options;

/// <summary>
/// The PCI module's command-line options. Each recognised option is validated on its own here;
/// checks that need the manifest or the device happen at attach time.
/// </summary>
public sealed partial class PciOptions
{
    public const string DevOption = "--pci-dev:";
    public const string DmaOption = "--pci-dma:";
    public const string UnsafeNoIommuOption = "--pci-unsafe-noiommu";
    public const ulong PageSize = 4096;
    /// <summary>Per device. Every GiB of guest windows above 4 GiB takes one of the 23 page-table pages the
    /// tender reserves (docs/hvt-abi.md §1.1), so the windows of all devices together must stay near 20 GiB:
    /// see <see cref="MaxTotalDmaSize"/>.</summary>
    public const ulong MaxDmaSize = 16UL << 30;

    /// <summary>The DMA memory of all devices together; the rest of the 23 table pages is left for BARs.</summary>
    public const ulong MaxTotalDmaSize = 20UL << 30;

    public const string Usage =
        "  --pci-dev:NAME=DDDD:BB:DD.F (attach host PCI device, bound to vfio-pci, as PCI_BASIC device NAME)\n" +
        "  --pci-dev:NAME=vfio-user:PATH (attach the device served by the vfio-user server at socket PATH as NAME)\n" +
        "  --pci-dma:NAME=SIZE (DMA memory for NAME: bytes with optional K/M/G suffix, a multiple of 4K, at most 16G;\n" +
        "      default: the minimum the unikernel declares)\n" +
        "  --pci-unsafe-noiommu (accept host devices in VFIO no-IOMMU mode: NO isolation; such a device gets no DMA memory)";

    private readonly List<PciDeviceRequest> _requests = [];

    /// <summary>Requests in the order their names first appeared on the command line.</summary>
    public IReadOnlyList<PciDeviceRequest> Requests => _requests;

    public bool AllowUnsafeNoIommu { get; private set; }

    /// <summary>True if <paramref name="arg"/> is a PCI option (and records it); false if not ours.
    /// A malformed PCI option is a <see cref="PciException"/>.</summary>
    public bool TryParse(string arg)
    {
        if (arg == UnsafeNoIommuOption) { AllowUnsafeNoIommu = true; return true; }
        if (arg.StartsWith(DevOption, StringComparison.Ordinal))
        {
            var (request, value) = Split(arg, DevOption);
            if (request.Source != null) throw new PciException($"{arg}: device '{request.Name}' is already given");
            request.Source = ParseSource(arg, value);
            return true;
        }
        if (arg.StartsWith(DmaOption, StringComparison.Ordinal))
        {
            var (request, value) = Split(arg, DmaOption);
            if (request.DmaSize != null) throw new PciException($"{arg}: DMA size of '{request.Name}' is already given");
            if (!SizeParser.TryParse(value, out var size))
                throw new PciException($"{arg}: '{value}' is not a size (bytes, or a number with K, M or G)");
            if (size % PageSize != 0)
                throw new PciException($"{arg}: the DMA size must be a multiple of 4K (4096 bytes)");
            if (size > MaxDmaSize)
                throw new PciException($"{arg}: at most 16G of DMA memory per device");
            request.DmaSize = size;
            return true;
        }
        return false;
    }

    private (PciDeviceRequest Request, string Value) Split(string arg, string option)
    {
        var rest = arg[option.Length..];
        var eq = rest.IndexOf('=');
        var name = eq < 0 ? rest : rest[..eq];
        if (eq < 0 || !NamePattern().IsMatch(name))
            throw new PciException($"{arg}: expected {option}NAME=VALUE with NAME 1-67 letters or digits");
        var request = _requests.FirstOrDefault(r => r.Name == name);
        if (request == null) _requests.Add(request = new PciDeviceRequest(name));
        return (request, rest[(eq + 1)..]);
    }

    private static PciDeviceSource ParseSource(string arg, string value)
    {
        if (value.StartsWith(VfioUserSource.Prefix, StringComparison.Ordinal))
        {
            var path = value[VfioUserSource.Prefix.Length..];
            if (path.Length == 0) throw new PciException($"{arg}: the vfio-user socket path is empty");
            return new VfioUserSource(path);
        }
        if (PciAddress.TryParse(value, out var address)) return new HostVfioSource(address);
        throw new PciException($"{arg}: '{value}' is neither a PCI address (DDDD:BB:DD.F) nor vfio-user:/path/to/socket");
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,67}$")]
    private static partial Regex NamePattern();
}
