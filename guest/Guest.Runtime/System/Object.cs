using System.Runtime.CompilerServices;

[module: SkipLocalsInit]

namespace System
{
    /// <summary>Root of every reference type. The first (and only) field is the MethodTable pointer the
    /// compiler lays every object out with. No virtual Equals/GetHashCode: that would require the
    /// full MethodTable machinery of the real runtime.</summary>
    public partial class Object
    {
        internal unsafe Internal.Runtime.MethodTable* m_pEEType;

        public Object() { }

        public virtual string ToString() => "object";
    }
}
