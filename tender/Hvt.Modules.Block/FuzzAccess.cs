using System.Runtime.CompilerServices;

// The block hypercalls are fuzzed on a real backing file without a VM (fuzz/Solo5Net.Fuzz/Targets/HypercallTarget.cs).
[assembly: InternalsVisibleTo("solo5net-fuzz")]
