using System.Reflection;
using System.Text;

namespace Solo5Net.Abi.HeaderGen;

/// <summary>C names of ABI members: the <see cref="CNameAttribute"/> where there is one, else the snake_case of the C# name.</summary>
internal static class CNames
{
    public static string Of(MemberInfo member) => member.GetCustomAttribute<CNameAttribute>()?.Name ?? SnakeCase(member.Name);

    /// <summary>The prefix of a class's or enum's constants: its C name in upper case.</summary>
    public static string PrefixOf(Type type) => (type.GetCustomAttribute<CNameAttribute>()?.Name ?? SnakeCase(type.Name)).ToUpperInvariant();

    /// <summary>A constant's C name: its own C name, or the prefix and its snake_case name in upper case.</summary>
    public static string ConstantOf(Type owner, FieldInfo field) =>
        field.GetCustomAttribute<CNameAttribute>()?.Name ?? $"{PrefixOf(owner)}_{SnakeCase(field.Name).ToUpperInvariant()}";

    /// <summary>"CpuCycleFreq" → "cpu_cycle_freq": a word starts at a capital after a lower-case letter or digit.</summary>
    public static string SnakeCase(string name)
    {
        var result = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
                result.Append('_');
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }
}
