namespace Solo5Net.Tests.Tender.Corpus;

/// <summary>
/// Bad command lines: every option with junk or out-of-range values, unknown and duplicated
/// options, devices that do not exist or are of the wrong kind (docs/hvt-abi.md §8.1–8.2). Each case
/// is a complete command line for hcall_devices (storage + service0) or hcall_all (+ edu0, PCI),
/// valid except for the one defect.
/// </summary>
internal static class OptionCorpus
{
    /// <summary>Placeholders filled in per run: DISK (a good 64 KiB file), DIR (a directory),
    /// ODD (a 1000-byte file), EMPTY (a 0-byte file), IMAGE (the guest image).</summary>
    internal sealed record Case(string Image, string[] Args, int MaxLines);

    private static readonly string[] Devices = ["--block:storage=DISK", "--net:service0=tap0"];

    private static Case Replace(string option, string replacement, int lines = 2) =>
        new("hcall_devices", ["--mem=16", .. Devices.Select(d => d == option ? replacement : d), "IMAGE", "walltime"], lines);

    private static Case Add(string extra, int lines = 2) =>
        new("hcall_devices", ["--mem=16", .. Devices, extra, "IMAGE", "walltime"], lines);

    private static Case Pci(string option, params string[] more) =>
        new("hcall_all", ["--mem=16", .. Devices, option, .. more, "IMAGE", "walltime"], 2);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["mem-empty"] = Add("--mem="),
        ["mem-junk"] = Add("--mem=lots"),
        ["mem-zero"] = Add("--mem=0"),
        ["mem-negative"] = Add("--mem=-16"),
        ["mem-4098"] = Add("--mem=4098"),
        ["mem-overflow"] = Add("--mem=99999999999999999999"),
        ["mem-hex"] = Add("--mem=0x10"),
        ["block-missing-file"] = Replace("--block:storage=DISK", "--block:storage=/nonexistent/disk"),
        ["block-directory"] = Replace("--block:storage=DISK", "--block:storage=DIR"),
        ["block-not-block-aligned"] = Replace("--block:storage=DISK", "--block:storage=ODD"),
        ["block-empty-file"] = Replace("--block:storage=DISK", "--block:storage=EMPTY"),
        ["block-undeclared"] = Add("--block:nosuch=DISK"),
        ["block-net-name"] = Add("--block:service0=DISK"),
        ["block-empty-name"] = Add("--block:=DISK"),
        ["block-empty-path"] = Replace("--block:storage=DISK", "--block:storage="),
        ["block-name-68-chars"] = Add("--block:" + new string('a', 68) + "=DISK"),
        ["sector-junk"] = Add("--block-sector-size:storage=big"),
        ["sector-256"] = Add("--block-sector-size:storage=256"),
        ["sector-521"] = Add("--block-sector-size:storage=521"),
        ["sector-0"] = Add("--block-sector-size:storage=0"),
        ["sector-65536"] = Add("--block-sector-size:storage=65536"),
        ["sector-undeclared"] = Add("--block-sector-size:nosuch=512"),
        ["net-missing-tap"] = Replace("--net:service0=tap0", "--net:service0=nosuchtap"),
        ["net-loopback"] = Replace("--net:service0=tap0", "--net:service0=lo"),
        ["net-fd-form"] = Replace("--net:service0=tap0", "--net:service0=@3"),
        ["net-long-interface"] = Replace("--net:service0=tap0", "--net:service0=abcdefghijklmnopqrstuvwxyz"),
        ["net-twice"] = Add("--net:service0=tap0"),
        ["net-undeclared"] = Add("--net:nosuch=tap0"),
        ["net-block-name"] = Add("--net:storage=tap0"),
        ["mac-junk"] = Add("--net-mac:service0=zz:zz:zz:zz:zz:zz"),
        ["mac-short"] = Add("--net-mac:service0=02:00:00:00:01"),
        ["mac-long-part"] = Add("--net-mac:service0=002:00:00:00:00:01"),
        ["mac-empty"] = Add("--net-mac:service0="),
        ["mac-undeclared"] = Add("--net-mac:nosuch=02:00:00:00:00:01"),
        ["pci-undeclared"] = Add("--pci-dev:edu0=vfio-user:/nonexistent.sock"),
        ["pci-socket-missing"] = Pci("--pci-dev:edu0=vfio-user:/nonexistent/edu.sock"),
        ["pci-socket-is-a-file"] = Pci("--pci-dev:edu0=vfio-user:DISK"),
        ["pci-address-junk"] = Pci("--pci-dev:edu0=not-a-device"),
        ["pci-host-device-without-vfio"] = Pci("--pci-dev:edu0=0000:00:1f.7"),
        ["pci-dev-twice"] = Pci("--pci-dev:edu0=vfio-user:/nonexistent/a.sock", "--pci-dev:edu0=vfio-user:/nonexistent/b.sock"),
        ["pci-dma-junk"] = Pci("--pci-dev:edu0=vfio-user:/nonexistent/edu.sock", "--pci-dma:edu0=plenty"),
        ["pci-dma-unaligned"] = Pci("--pci-dev:edu0=vfio-user:/nonexistent/edu.sock", "--pci-dma:edu0=1000"),
        ["pci-dma-too-big"] = Pci("--pci-dev:edu0=vfio-user:/nonexistent/edu.sock", "--pci-dma:edu0=100G"),
        ["pci-dma-without-device"] = Pci("--pci-dma:edu0=64K"),
        ["unknown-option"] = Add("--frobnicate"),
        ["unknown-short-option"] = Add("-x"),
        ["dumpcore-missing-dir"] = Add("--dumpcore=/nonexistent/dir"),
        ["dumpcore-file"] = Add("--dumpcore=DISK"),
        ["missing-kernel"] = new("hcall_devices", ["--mem=16", .. Devices], 1),
        ["kernel-missing-file"] = new("hcall_devices", ["--mem=16", "--", "/nonexistent/kernel.hvt"], 1),
        ["kernel-is-directory"] = new("hcall_devices", ["--mem=16", "DIR"], 1),
        ["guest-command-line-too-long"] = new("hcall_devices", ["--mem=16", .. Devices, "IMAGE", new string('x', 9000)], 1),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Order().Select(n => new object[] { n });

    public static Case Get(string name) => Cases[name];
}
