using System.Text;

namespace Solo5Net.Hvt.Modules.Instructions;

/// <summary>The text of --insn-profile=FILE: one line "0xADDRESS COUNT" per instruction address, by address.</summary>
public static class InstructionProfile
{
    public static string Format(IReadOnlyDictionary<ulong, ulong> byAddress)
    {
        var text = new StringBuilder();
        foreach (var address in byAddress.Keys.Order())
            text.Append("0x").Append(address.ToString("x")).Append(' ').Append(byAddress[address]).Append('\n');
        return text.ToString();
    }

    /// <summary>The counts of a profile's text (for its readers); throws on a malformed line.</summary>
    public static Dictionary<ulong, ulong> Parse(string text)
    {
        var byAddress = new Dictionary<ulong, ulong>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length != 2 || !fields[0].StartsWith("0x", StringComparison.Ordinal)
                || !ulong.TryParse(fields[0].AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong address)
                || !ulong.TryParse(fields[1], System.Globalization.NumberStyles.None, null, out ulong count))
                throw new FormatException($"not an instruction profile line: '{line}'");
            byAddress[address] = count;
        }
        return byAddress;
    }
}
