using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Solo5Net.TestSupport;

/// <summary>What the machine running the tests offers. Tests that need KVM or root skip without
/// them on a developer's machine, but never when CI is set: there a missing capability is a failure.</summary>
public static class TestEnvironment
{
    public static bool IsCi => !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("CI"));

    public static bool HasKvm => File.Exists("/dev/kvm") && IsRoot;

    public static bool IsRoot => System.Environment.UserName == "root";

    /// <summary>A host program a test runs (ping, tcpdump, …), found on PATH. A missing one is a
    /// failure that says how to install it, rather than a puzzling one later in the test.</summary>
    public static void RequireTool(string name)
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return;
        throw new InvalidOperationException($"{name} is not installed: run `sudo bash scripts/install-deps.sh`, which installs every tool the tests use");
    }

    /// <summary>Reason to skip, or null to run. Null whenever CI is set.</summary>
    internal static string? SkipReason(bool available, string what) =>
        available || IsCi ? null : $"{what} not available on this machine (set CI=1 to make this a failure)";
}

/// <summary>A fact that needs /dev/kvm and root. It carries the trait Requires=kvm, so a run can
/// select these tests (scripts/test.sh runs them in the test VM when the host has no KVM).</summary>
[TraitDiscoverer(KvmTrait.Discoverer, KvmTrait.Assembly)]
public sealed class KvmFactAttribute : FactAttribute, ITraitAttribute
{
    public KvmFactAttribute() => Skip = TestEnvironment.SkipReason(TestEnvironment.HasKvm, "/dev/kvm as root");
}

/// <summary>A theory that needs /dev/kvm and root; trait Requires=kvm like <see cref="KvmFactAttribute"/>.</summary>
[TraitDiscoverer(KvmTrait.Discoverer, KvmTrait.Assembly)]
public sealed class KvmTheoryAttribute : TheoryAttribute, ITraitAttribute
{
    public KvmTheoryAttribute() => Skip = TestEnvironment.SkipReason(TestEnvironment.HasKvm, "/dev/kvm as root");
}

/// <summary>A fact that needs root (network namespaces, taps).</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute() => Skip = TestEnvironment.SkipReason(TestEnvironment.IsRoot, "root");
}

/// <summary>The trait every KVM test carries: Requires=kvm (a test filter "Requires=kvm" or
/// "Requires!=kvm" selects them or leaves them out).</summary>
public sealed class KvmTrait : ITraitDiscoverer
{
    public const string Name = "Requires";
    public const string Value = "kvm";
    internal const string Discoverer = "Solo5Net.TestSupport.KvmTrait";
    internal const string Assembly = "TestSupport";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new(Name, Value);
    }
}
