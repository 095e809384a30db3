namespace Solo5Net.Guest
{
    /// <summary>solo5_result_t.</summary>
    public enum Solo5Result
    {
        Ok = 0,
        /// <summary>Try again later (e.g. no frame to read).</summary>
        Again = 1,
        /// <summary>Invalid argument (bad handle, size or offset).</summary>
        Invalid = 2,
        Unspecified = 3,
    }
}
