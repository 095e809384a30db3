namespace Solo5Net.Abi
{
    /// <summary>solo5_result_t: the ret of the I/O hypercalls and of ring commits (docs/hvt-abi.md §4.3).</summary>
    public enum Solo5Result
    {
        [CName("SOLO5_R_OK")] Ok = 0,
        /// <summary>Try again later (e.g. no frame to read).</summary>
        [CName("SOLO5_R_AGAIN")] Again = 1,
        /// <summary>Invalid argument (bad handle, size or offset).</summary>
        [CName("SOLO5_R_EINVAL")] Invalid = 2,
        [CName("SOLO5_R_EUNSPEC")] Unspecified = 3,
    }
}
