using System.Runtime.CompilerServices;

// The tender test suite's direct hypercall harness builds a TenderState and ModuleSetupContext
// around a real VM without booting a guest (tests/Tender.Tests/Properties/HypercallHarness.cs).
[assembly: InternalsVisibleTo("Tender.Tests")]
