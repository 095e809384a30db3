namespace Solo5Net.TestSupport;

/// <summary>A harness could not do what it was asked: a program did not start, a command it needs
/// failed, or a process did not print what was awaited in time. The message names the culprit.</summary>
public sealed class HarnessException(string message) : Exception(message);
