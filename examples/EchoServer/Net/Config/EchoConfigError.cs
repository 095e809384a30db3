namespace Solo5Net.EchoServer.Net.Config;

/// <summary>Why a command line was refused (the guest has no exceptions to carry a message).</summary>
public enum EchoConfigError
{
    None,
    MissingIpv4,
    BadIpv4,
    BadGateway,
    BadLink,
    BadDropEvery,
    BadPing,
    UnknownOption,
}
