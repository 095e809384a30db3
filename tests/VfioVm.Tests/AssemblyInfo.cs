using Xunit;

// Each test boots a whole emulated machine; two at once would only compete for the same cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
