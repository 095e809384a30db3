namespace Solo5Net.Fuzz;

/// <summary>
/// One fuzz target: runs the component under test on one input. Every refusal the component is
/// specified to give (its own exception type, an error reply) is caught inside; anything that
/// escapes <see cref="Run"/> is a finding, which afl++ records as a crash.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name scripts/fuzz.sh and fuzz/corpus/NAME use.</summary>
    string Name { get; }

    /// <summary>The assemblies whose code the target exercises: the ones scripts/fuzz.sh instruments.</summary>
    IReadOnlyList<string> AssembliesUnderTest { get; }

    void Run(byte[] input);
}
