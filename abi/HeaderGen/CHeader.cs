using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Solo5Net.Abi.HeaderGen;

/// <summary>
/// The C header of the hvt ABI, written from the types of Solo5Net.Abi by reflection: every
/// constant and enum member as a #define (usable from assembly too), every struct with its fields
/// at their offsets (gaps as explicit padding), and _Static_assert lines for each size and offset.
/// </summary>
public static class CHeader
{
    public const string Guard = "HVT_ABI_H";

    public static string Generate()
    {
        var types = typeof(HvtBootInfo).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(HvtBootInfo).Namespace && !t.IsNested && !typeof(Attribute).IsAssignableFrom(t))
            .ToList();
        var constantClasses = types.Where(t => t.IsClass && t.IsAbstract && t.IsSealed).OrderBy(t => t.Name, StringComparer.Ordinal);
        var enums = types.Where(t => t.IsEnum).OrderBy(t => t.Name, StringComparer.Ordinal);
        var structs = InDependencyOrder(types.Where(t => t.IsValueType && !t.IsEnum));

        var h = new StringBuilder();
        h.Append("/* The hvt ABI as Solo5Net extends it (docs/abi.md).\n");
        h.Append(" * Generated from abi/Solo5Net.Abi by abi/HeaderGen; do not edit. To regenerate:\n");
        h.Append(" *   dotnet run --project abi/HeaderGen -- abi/c/hvt_abi.h */\n");
        h.Append($"#ifndef {Guard}\n#define {Guard}\n");

        foreach (var type in constantClasses) Constants(h, type);
        foreach (var type in enums) EnumMembers(h, type);
        foreach (var type in structs) Constants(h, type);

        h.Append("\n#ifndef __ASSEMBLER__\n#include <stddef.h>\n#include <stdint.h>\n");
        foreach (var type in structs) Struct(h, type);
        h.Append("\n#endif /* __ASSEMBLER__ */\n");
        h.Append($"#endif /* {Guard} */\n");
        return h.ToString();
    }

    private static void Constants(StringBuilder h, Type type)
    {
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !f.Name.EndsWith("Offset", StringComparison.Ordinal))
            .ToList();
        if (fields.Count == 0) return;
        h.Append($"\n/* {type.Name} */\n");
        foreach (var field in fields)
            h.Append($"#define {CNames.ConstantOf(type, field)} {Number(field.Name, field.GetRawConstantValue()!)}\n");
    }

    private static void EnumMembers(StringBuilder h, Type type)
    {
        h.Append($"\n/* {type.Name} */\n");
        var flags = type.IsDefined(typeof(FlagsAttribute));
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = field.GetRawConstantValue()!;
            if (flags && Convert.ToUInt64(value) == 0) continue;   // "no bits" needs no name in C
            h.Append($"#define {CNames.ConstantOf(type, field)} {Number(field.Name, value)}\n");
        }
    }

    private static void Struct(StringBuilder h, Type type)
    {
        var name = $"struct {CNames.Of(type)}";
        var size = Size(type);
        var asserts = new List<string> { $"_Static_assert(sizeof({name}) == {size}, \"{name} is {size} bytes\");" };
        h.Append($"\n{name} {{\n");
        var cursor = 0;
        var padding = 0;
        foreach (var group in Members(type))
        {
            var offset = group[0].Offset;
            if (offset < cursor) throw new InvalidOperationException($"{type.Name}.{group[0].Field.Name} overlaps the field before it");
            if (offset > cursor) h.Append($"    uint8_t pad{padding++}[{offset - cursor}];\n");
            var union = group[0].Field.GetCustomAttribute<CUnionAttribute>()?.Name;
            if (union == null)
            {
                var member = group[0];
                h.Append($"    {Declaration(member.Field)};\n");
                asserts.Add(OffsetAssert(name, CNames.Of(member.Field), offset));
                cursor = offset + FieldSize(member.Field);
                continue;
            }
            h.Append("    union {\n");
            foreach (var member in group)
            {
                h.Append($"        {Declaration(member.Field)};\n");
                asserts.Add(OffsetAssert(name, $"{union}.{CNames.Of(member.Field)}", offset));
            }
            h.Append($"    }} {union};\n");
            cursor = offset + group.Max(m => FieldSize(m.Field));
        }
        if (size > cursor) h.Append($"    uint8_t pad{padding}[{size - cursor}];\n");
        if (size < cursor) throw new InvalidOperationException($"{type.Name}: fields end at {cursor}, beyond its size {size}");
        if (type.GetCustomAttribute<CFlexibleArrayAttribute>() is { } flexible)
            h.Append($"    struct {CNames.Of(flexible.ElementType)} {flexible.Name}[];\n");
        h.Append("};\n");
        foreach (var line in asserts) h.Append(line).Append('\n');
    }

    private sealed record Member(FieldInfo Field, int Offset);

    /// <summary>The instance fields by offset; the fields of one union form one group.</summary>
    private static List<List<Member>> Members(Type type)
    {
        var groups = new List<List<Member>>();
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            var member = new Member(field, (int)Marshal.OffsetOf(type, field.Name));
            var union = field.GetCustomAttribute<CUnionAttribute>()?.Name;
            var last = groups.LastOrDefault();
            if (union != null && last != null && last[0].Field.GetCustomAttribute<CUnionAttribute>()?.Name == union)
            {
                if (last[0].Offset != member.Offset) throw new InvalidOperationException($"{type.Name}.{field.Name}: members of union {union} must share one offset");
                last.Add(member);
            }
            else groups.Add([member]);
        }
        groups.Sort((a, b) => a[0].Offset.CompareTo(b[0].Offset));
        return groups;
    }

    private static string Declaration(FieldInfo field)
    {
        var name = CNames.Of(field);
        if (field.GetCustomAttribute<CArrayAttribute>() is { } array)
        {
            if (Size(array.ElementType) * array.Length != FieldSize(field))
                throw new InvalidOperationException($"{field.DeclaringType!.Name}.{field.Name}: {array.Length} × {array.ElementType.Name} is not its size");
            return $"struct {CNames.Of(array.ElementType)} {name}[{array.Length}]";
        }
        if (field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer)
            return $"{(field.IsDefined(typeof(CStringAttribute)) ? "char" : CType(buffer.ElementType))} {name}[{buffer.Length}]";
        return $"{CType(field.FieldType)} {name}";
    }

    private static int FieldSize(FieldInfo field) =>
        field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer
            ? Marshal.SizeOf(buffer.ElementType) * buffer.Length
            : field.FieldType.IsPrimitive ? Marshal.SizeOf(field.FieldType) : Size(field.FieldType);

    private static int Size(Type type) => type.StructLayoutAttribute?.Size is > 0 and var size
        ? size
        : throw new InvalidOperationException($"{type.Name} has no explicit size");

    private static string CType(Type type) =>
        type == typeof(byte) ? "uint8_t" : type == typeof(sbyte) ? "int8_t" :
        type == typeof(ushort) ? "uint16_t" : type == typeof(short) ? "int16_t" :
        type == typeof(uint) ? "uint32_t" : type == typeof(int) ? "int32_t" :
        type == typeof(ulong) ? "uint64_t" : type == typeof(long) ? "int64_t" :
        type.IsValueType && !type.IsPrimitive && !type.IsEnum ? $"struct {CNames.Of(type)}" :
        throw new InvalidOperationException($"no C type for {type.Name}");

    private static string OffsetAssert(string name, string field, int offset) =>
        $"_Static_assert(offsetof({name}, {field}) == {offset}, \"{name}.{field} is at {offset}\");";

    /// <summary>Decimal, except unsigned values from 0xFF up (addresses, ports, masks) that are not sizes, which read better in hex.</summary>
    private static string Number(string name, object value) => value switch
    {
        byte or ushort or uint or ulong => Convert.ToUInt64(value) is var u && u >= 0xFF && !name.EndsWith("Size", StringComparison.Ordinal)
            ? $"0x{u:x}" : u.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Structs sorted by name, each after the structs it contains.</summary>
    private static List<Type> InDependencyOrder(IEnumerable<Type> structs)
    {
        var ordered = new List<Type>();
        void Visit(Type type)
        {
            if (ordered.Contains(type)) return;
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (field.IsDefined(typeof(FixedBufferAttribute)) && !field.IsDefined(typeof(CArrayAttribute))) continue;
                var inner = field.GetCustomAttribute<CArrayAttribute>()?.ElementType ?? field.FieldType;
                if (inner.IsValueType && !inner.IsPrimitive && !inner.IsEnum && inner.Namespace == type.Namespace) Visit(inner);
            }
            if (type.GetCustomAttribute<CFlexibleArrayAttribute>() is { } flexible) Visit(flexible.ElementType);
            ordered.Add(type);
        }
        foreach (var type in structs.OrderBy(t => t.Name, StringComparer.Ordinal)) Visit(type);
        return ordered;
    }
}
