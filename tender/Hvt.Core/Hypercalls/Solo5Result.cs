namespace Solo5Net.Hvt;

/// <summary>solo5_result_t as the I/O hypercalls and ring commits return it (docs/hvt-abi.md §4.3).</summary>
public enum Solo5Result
{
    Ok = 0,
    Again = 1,
    Invalid = 2,
    Unspecified = 3,
}
