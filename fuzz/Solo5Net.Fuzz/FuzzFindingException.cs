namespace Solo5Net.Fuzz;

/// <summary>A target's own oracle failed: the component answered, but wrongly.</summary>
public sealed class FuzzFindingException(string message) : Exception(message);
