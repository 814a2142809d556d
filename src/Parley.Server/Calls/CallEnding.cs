using System.Globalization;
using Parley.Server.Rooms;

namespace Parley.Server.Calls;

/// <summary>When a call is over, why, and the line the conversation keeps of it: pure rules over its participants.</summary>
public static class CallEnding
{
    /// <summary>
    /// Null while the call goes on. Over when nobody is in it any more; in a DM when one person is left and nobody is
    /// rung; in a group DM when ringing ended with nobody but the caller having answered. <paramref name="force"/>:
    /// ended by its starter or a moderator, only the reason is decided here.
    /// </summary>
    public static CallEndReason? Decide(RoomKind kind, Guid starter, IReadOnlyCollection<CallParticipant> rows, bool force = false)
    {
        var inCall = rows.Count(p => p.State.IsIn());
        var ringing = rows.Any(p => p.State == ParticipantState.Ringing);
        var answered = Answered(starter, rows);
        var over = force || inCall == 0
                   || (!ringing && inCall == 1 && (kind == RoomKind.Direct || (kind == RoomKind.Group && !answered)));
        if (!over) return null;
        if (answered || !kind.IsDm()) return CallEndReason.Ended;
        var rung = rows.Where(p => p.UserId != starter).ToList();
        return rung.Count > 0 && rung.All(p => p.State == ParticipantState.Declined) ? CallEndReason.Declined : CallEndReason.Missed;
    }

    /// <summary>Someone besides the caller joined at some point.</summary>
    public static bool Answered(Guid starter, IEnumerable<CallParticipant> rows) => rows.Any(p => p.UserId != starter && p.JoinedAt is not null);

    /// <summary>
    /// "Missed call from Alice" (a DM nobody answered), "Call ended" (a room call nobody joined), or "Call ended · 4 min
    /// 10 s", with who was in it for calls in rooms and group DMs.
    /// </summary>
    public static string Line(RoomKind kind, string starterName, bool answered, TimeSpan lasted, IReadOnlyList<string> joinedNames)
    {
        if (!answered) return kind.IsDm() ? $"Missed call from {starterName}" : "Call ended";
        var line = $"Call ended · {Duration(lasted)}";
        if (kind == RoomKind.Direct || joinedNames.Count == 0) return line;
        const int shown = 5;
        var names = joinedNames.Take(shown).ToList();
        var more = joinedNames.Count - names.Count;
        var list = more > 0 ? $"{string.Join(", ", names)} and {more} more"
            : names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
        return $"{line} · {list}";
    }

    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        var c = CultureInfo.InvariantCulture;
        if (d.TotalHours >= 1) return string.Create(c, $"{(int)d.TotalHours} h {d.Minutes} min");
        if (d.TotalMinutes >= 1) return string.Create(c, $"{d.Minutes} min {d.Seconds} s");
        return string.Create(c, $"{d.Seconds} s");
    }
}
