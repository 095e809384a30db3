namespace Solo5Net.Manifest.Cli;

/// <summary>What the hvt tender reads from an image before boot: the ABI note and every manifest entry.</summary>
public static class ImageReport
{
    public static ReportMap Build(AbiNote abi, Mft mft) => new ReportMapBuilder()
        .Add("abi", new ReportMapBuilder()
            .Add("target", new ReportText(AbiNote.TargetName(abi.Target)))
            .Add("version", new ReportNumber(abi.Version))
            .Build())
        .Add("manifest", new ReportMapBuilder()
            .Add("version", new ReportNumber(mft.Version))
            .Add("entries", new ReportList(mft.Entries.Select(Entry).ToList()))
            .Build())
        .Build();

    private static ReportValue Entry(MftEntry entry, int index)
    {
        var map = new ReportMapBuilder()
            .Add("handle", new ReportNumber((ulong)index))
            .Add("name", new ReportText(entry.Name))
            .Add("type", MftDeviceType.NameOf(entry.Type) is { } name ? new ReportText(name) : new ReportHex(entry.Type, 8));
        switch (entry.Type)
        {
            case MftDeviceType.BlockBasic:
                map.Add("capacity", new ReportNumber(entry.BlockCapacity))
                   .Add("block_size", new ReportNumber(entry.BlockSize));
                break;
            case MftDeviceType.NetBasic:
                map.Add("mac", new ReportText(string.Join(':', entry.NetMac.Select(b => b.ToString("x2")))))
                   .Add("mtu", new ReportNumber(entry.NetMtu));
                break;
            case MftDeviceType.PciBasic:
                map.Add("match", new ReportMapBuilder()
                        .Add("vendor", Id(entry.VendorId, MftEntry.AnyId, 4))
                        .Add("device", Id(entry.DeviceId, MftEntry.AnyId, 4))
                        .Add("class", Id(entry.ClassCode, MftEntry.AnyClass, 2))
                        .Add("subclass", Id(entry.Subclass, MftEntry.AnyClass, 2))
                        .Build())
                   .Add("dma", new ReportSize(entry.DmaMin));
                if (entry.DmaBits != 0) map.Add("dma_bits", new ReportNumber(entry.DmaBits));
                break;
        }
        return map.Build();
    }

    private static ReportValue Id(ulong value, ulong any, int digits) =>
        value == any ? new ReportText("any") : new ReportHex(value, digits);
}
