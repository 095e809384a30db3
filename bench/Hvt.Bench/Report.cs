namespace Solo5Net.Bench;

/// <summary>One subject's results as a Markdown table (measure, hvt-tender or subject, reference,
/// ratio), with the load average at its start and end: the machine may be shared.</summary>
public sealed class Report(string subject)
{
    private readonly string _loadAtStart = LoadAverage();
    private readonly List<string> _rows = [];
    private readonly List<string> _notes = [];
    private string[] _columns = ["hvt-tender", "reference", "ratio"];

    public void Columns(string measured, string reference) => _columns = [measured, reference, "ratio"];

    /// <summary>Any number of value columns (ratios included, named by the caller).</summary>
    public void Columns(params string[] names) => _columns = names;

    public void Row(string measure, string measured, string reference, string ratio) => Cells(measure, measured, reference, ratio);

    /// <summary>A row with one cell per column of <see cref="Columns(string[])"/>.</summary>
    public void Cells(string measure, params string[] cells) => _rows.Add($"| {measure} | {string.Join(" | ", cells)} |");

    public void Row(string measure, double measured, double reference, string unit, string format = "F1") =>
        Row(measure, $"{measured.ToString(format)} {unit}", $"{reference.ToString(format)} {unit}", $"{measured / reference:F2}");

    public void Note(string text) => _notes.Add(text);

    public void Print()
    {
        Console.WriteLine($"### {subject} (load average {_loadAtStart} → {LoadAverage()})\n");
        Console.WriteLine($"| Measure | {string.Join(" | ", _columns)} |");
        Console.WriteLine("|---" + string.Concat(Enumerable.Repeat("|---", _columns.Length)) + "|");
        foreach (var r in _rows) Console.WriteLine(r);
        foreach (var n in _notes) Console.WriteLine("\n" + n);
        Console.WriteLine();
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
