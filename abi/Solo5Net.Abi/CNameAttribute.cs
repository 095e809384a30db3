using System;

namespace Solo5Net.Abi
{
    /// <summary>
    /// The C name of an ABI type, constant or field where it is not the snake_case of the C# name
    /// (e.g. SOLO5_R_EINVAL). abi/HeaderGen reads it when it writes abi/c/hvt_abi.h.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Field)]
    public sealed class CNameAttribute : Attribute
    {
        public CNameAttribute(string name) { Name = name; }

        public string Name { get; }
    }

    /// <summary>
    /// A byte field that C declares as an array of <paramref name="elementType"/> (e.g. the BARs of
    /// hvt_pci_info, the ring's entries): C# has no fixed buffers of structs.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class CArrayAttribute : Attribute
    {
        public CArrayAttribute(Type elementType, int length) { ElementType = elementType; Length = length; }

        public Type ElementType { get; }

        public int Length { get; }
    }

    /// <summary>A byte buffer that C declares as char[] (a NUL-terminated string such as mft_entry.name).</summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class CStringAttribute : Attribute { }

    /// <summary>Fields at one offset that C declares as members of one union named <paramref name="name"/>.</summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class CUnionAttribute : Attribute
    {
        public CUnionAttribute(string name) { Name = name; }

        public string Name { get; }
    }

    /// <summary>A header struct that C declares with a trailing flexible array member (struct mft's entries).</summary>
    [AttributeUsage(AttributeTargets.Struct)]
    public sealed class CFlexibleArrayAttribute : Attribute
    {
        public CFlexibleArrayAttribute(string name, Type elementType) { Name = name; ElementType = elementType; }

        public string Name { get; }

        public Type ElementType { get; }
    }
}
