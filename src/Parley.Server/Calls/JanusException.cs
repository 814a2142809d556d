namespace Parley.Server.Calls;

/// <summary>
/// Janus refused a request (<see cref="Code"/>: its error code, core or VideoRoom) or didn't answer in time, or at all
/// (<see cref="Code"/> null).
/// </summary>
public sealed class JanusException(string message, int? code = null, Exception? inner = null) : Exception(message, inner)
{
    public int? Code { get; } = code;

    /// <summary>Janus's "No such session": it timed the session out or restarted.</summary>
    public bool SessionGone => Code == 458;

    /// <summary>The offer or answer was refused as SDP (core 464/465, VideoRoom 431/437: wrong JSEP type, invalid SDP).</summary>
    public bool BadSdp => Code is 464 or 465 or 431 or 437;
}
