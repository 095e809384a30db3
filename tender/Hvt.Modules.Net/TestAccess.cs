using System.Runtime.CompilerServices;

// The direct hypercall harness (tests/Tender.Tests/Properties/HypercallHarness.cs) drives the net
// ring worker synchronously on random submissions, without its thread.
[assembly: InternalsVisibleTo("Tender.Tests")]
