using Solo5Net.TestSupport;
using System.Diagnostics;

namespace Solo5Net.Tests.VfioVm.Harness;

/// <summary>
/// Runs shell commands inside a Linux VM (QEMU, software emulation, emulated Intel IOMMU) where
/// QEMU's edu PCI device is bound to the real vfio-pci driver. The VM sees this host's root, and
/// this repository wherever it lies, read-only at the same paths, so a command can run a program
/// built in the repository (pci-probe) at its host path.
/// The work is done by tests/vfio-vm/run-in-vm.sh; this is its typed front end.
/// </summary>
public static class VfioTestVm
{
    /// <summary>Longest a VM run may take before the script stops it; generous because the
    /// emulation shares two cores with everything else running on the machine.</summary>
    public static readonly TimeSpan VmTimeout = TimeSpan.FromMinutes(4);

    public static string Script { get; } = Repo.PathOf("tests", "vfio-vm", "run-in-vm.sh");

    private static readonly Lazy<string?> MissingPrerequisite = new(CheckPrerequisites);

    /// <summary>Why the VM cannot run on this machine (qemu, a Debian kernel or a static busybox
    /// missing), or null when it can.</summary>
    public static string? WhyUnavailable => MissingPrerequisite.Value;

    /// <summary>Boots the VM, runs <paramref name="shellCommand"/> in it (EDU_BDF and EDU_GROUP set)
    /// and returns what it produced. With <paramref name="bindToVfio"/> false the device is left
    /// without a driver. With <paramref name="sharedIommuGroup"/> edu sits behind a PCI bridge and
    /// shares its IOMMU group with a virtio-rng device driven by virtio-pci. With <paramref name="kvm"/>
    /// the VM loads KVM (nested) and tun and brings up loopback (docs/platform.md §7). With
    /// <paramref name="nics"/> the VM has an e1000 and a modern virtio-net bound to vfio-pci
    /// (E1000_BDF, VIRTIO_NET_BDF) and its own e1000e as VM_NIC, 10.0.0.1/24, all on one QEMU hub.
    /// <paramref name="timeout"/> replaces <see cref="VmTimeout"/> for a longer run; <paramref name="cpus"/>
    /// gives the VM more than one emulated CPU.</summary>
    public static VmRun Run(string shellCommand, bool bindToVfio = true, bool sharedIommuGroup = false, bool kvm = false,
        bool nics = false, TimeSpan? timeout = null, int cpus = 1)
    {
        if (WhyUnavailable is { } why) throw new InvalidOperationException("the VFIO test VM cannot run here: " + why);
        var limit = timeout ?? VmTimeout;
        var console = Path.Combine(Path.GetTempPath(), $"vfio-vm-console-{Guid.NewGuid():N}.log");
        var args = new List<string> { "--timeout", ((int)limit.TotalSeconds).ToString(), "--console", console };
        if (!bindToVfio) args.Add("--no-bind");
        if (sharedIommuGroup) args.Add("--shared-group");
        if (kvm) args.Add("--kvm");
        if (nics) args.Add("--nics");
        if (cpus != 1) args.AddRange(["--cpus", cpus.ToString()]);
        args.Add("--");
        args.Add(shellCommand);
        try
        {
            var clock = Stopwatch.StartNew();
            var r = RunScript(args, limit + TimeSpan.FromSeconds(30));
            clock.Stop();
            var log = File.Exists(console) ? File.ReadAllText(console).Replace("\r", "") : "(no console log)";
            return new VmRun(r.TimedOut ? 124 : r.ExitCode, r.Stdout, r.Stderr, log, clock.Elapsed);
        }
        finally
        {
            File.Delete(console);
        }
    }

    /// <summary>Runs run-in-vm.sh itself with <paramref name="args"/> (through bash: the checkout
    /// need not keep its executable bit), or the copy of it at <paramref name="script"/>.</summary>
    public static ProcessResult RunScript(IEnumerable<string> args, TimeSpan? timeout = null,
        IDictionary<string, string>? env = null, string? script = null) =>
        ProcessRunner.Run("bash", new[] { script ?? Script }.Concat(args), timeout, env: env);

    /// <summary>Quotes one argument for the VM's /bin/sh.</summary>
    public static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static string? CheckPrerequisites()
    {
        if (!File.Exists(Script)) return $"{Script} is missing";
        var r = RunScript(["--check"], TimeSpan.FromSeconds(30));
        return r.ExitCode == 0 ? null : r.Output.Trim();
    }
}
