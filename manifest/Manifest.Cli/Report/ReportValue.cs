namespace Solo5Net.Manifest.Cli;

/// <summary>A small ordered document the query command prints as YAML or JSON.</summary>
public abstract record ReportValue;

public sealed record ReportMap(IReadOnlyList<KeyValuePair<string, ReportValue>> Fields) : ReportValue;

public sealed record ReportList(IReadOnlyList<ReportValue> Items) : ReportValue;

public sealed record ReportText(string Value) : ReportValue;

public sealed record ReportNumber(ulong Value) : ReportValue;

public sealed record ReportBool(bool Value) : ReportValue;

/// <summary>An id shown in hex ("0x8086"): a plain hex integer in YAML, a string in JSON.</summary>
public sealed record ReportHex(ulong Value, int Digits) : ReportValue
{
    public string Text => "0x" + Value.ToString("x" + Digits, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A byte count: "10M" in YAML, a number in JSON.</summary>
public sealed record ReportSize(ulong Bytes) : ReportValue;

/// <summary>Builds a <see cref="ReportMap"/> field by field.</summary>
public sealed class ReportMapBuilder
{
    private readonly List<KeyValuePair<string, ReportValue>> _fields = [];

    public ReportMapBuilder Add(string key, ReportValue value)
    {
        _fields.Add(new(key, value));
        return this;
    }

    public ReportMap Build() => new(_fields);
}
