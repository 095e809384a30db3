namespace Solo5Net.Hvt.Modules.Dumpcore;

/// <summary>What a core file holds: pages of guest RAM written out of its total, and the pages
/// written for each added region, in the order of the regions (all-zero pages are left as holes).</summary>
public sealed record CoreDumpResult(ulong MemoryPagesDumped, ulong MemoryPagesTotal, IReadOnlyList<ulong> RegionPagesDumped);
