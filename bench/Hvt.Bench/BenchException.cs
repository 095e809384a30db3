namespace Solo5Net.Bench;

/// <summary>A measurement that could not be taken (a program failed, a file is missing); the
/// message names it and hvt-bench exits 1.</summary>
public sealed class BenchException(string message) : Exception(message);
