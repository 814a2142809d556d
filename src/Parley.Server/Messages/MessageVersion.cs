namespace Parley.Server.Messages;

/// <summary>
/// A text a message had before an edit replaced it: version 1 is the original, 2 the first edit's text, and so on.
/// EditedAt is when that text was written (the message's creation for version 1). Deleted with the message.
/// </summary>
public sealed class MessageVersion
{
    public Guid MessageId { get; set; }
    public int Version { get; set; }
    public string Text { get; set; } = "";
    public DateTime EditedAt { get; set; }
}

/// <summary>One text of a message on the wire; current marks the text it has now.</summary>
public sealed record MessageVersionDto(int Version, string Text, DateTime EditedAt, bool Current);
