using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Calls;

/// <summary>
/// A call's Janus room id, its secret and each participant's join token: derived from the VideoRoom's admin key, not
/// stored, so every node computes the same ones. The token never leaves the server (Parley joins on the user's behalf).
/// </summary>
public static class SfuSecrets
{
    public static string RoomId(Guid callId) => $"call-{callId}";

    public static string RoomSecret(string adminKey, Guid callId) => Sign(adminKey, "room:" + callId);

    public static string Token(string adminKey, Guid participantId) => Sign(adminKey, "token:" + participantId);

    private static string Sign(string key, string what) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(what)));
}
