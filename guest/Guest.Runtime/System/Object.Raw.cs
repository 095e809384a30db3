namespace System
{
    public unsafe partial class Object
    {
        /// <summary>The first byte after the MethodTable pointer (fields, or an array's length).</summary>
        internal ref byte GetRawData()
        {
            fixed (Internal.Runtime.MethodTable** p = &m_pEEType) return ref *(byte*)(p + 1);
        }
    }
}
