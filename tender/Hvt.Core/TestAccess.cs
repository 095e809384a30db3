using System.Runtime.CompilerServices;

// The tender test suite's direct hypercall harness builds a TenderState and ModuleSetupContext
// around a real VM without booting a guest (tests/Tender.Tests/Properties/HypercallHarness.cs).
[assembly: InternalsVisibleTo("Tender.Tests")]
// The hypercall fuzz target lays out guest memory (read-only text included) without KVM
// (fuzz/Solo5Net.Fuzz/Targets/HypercallTarget.cs).
[assembly: InternalsVisibleTo("solo5net-fuzz")]
