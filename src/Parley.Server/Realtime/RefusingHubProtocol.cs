using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Parley.Server.Realtime;

/// <summary>
/// The JSON hub protocol, with one change: a call SignalR can't bind (an unknown method, arguments of the wrong type)
/// becomes a call of <see cref="ChatHub.RefuseCall"/>. SignalR answers such calls itself, before any hub filter, so
/// they cost nothing against the call budget; as a call of the hub they pass <see cref="ChatHubFilter"/> like any other.
/// </summary>
public sealed class RefusingHubProtocol(IHubProtocol json) : IHubProtocol
{
    public string Name => json.Name;
    public int Version => json.Version;
    public TransferFormat TransferFormat => json.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var length = input.Length;
        if (!json.TryParseMessage(ref input, binder, out message))
        {
            // A whole frame of a type the protocol doesn't know ({"type":99}): it is read and dropped, and the answer
            // is false, which SignalR takes for "wait for the rest". It then waited for ever, and every call after it
            // on that connection went unanswered. Read as a ping, it is skipped.
            if (input.Length == length) return false;
            message = PingMessage.Instance;
            return true;
        }
        if (message is InvocationBindingFailureMessage failed)
            message = Refusal(failed.InvocationId, failed.Target, failed.BindingFailure.SourceException);
        // The refusal is a hub method only so that refusals pass the filter: a client can't call it by name.
        else if (message is HubMethodInvocationMessage call && string.Equals(call.Target, nameof(ChatHub.RefuseCall), StringComparison.OrdinalIgnoreCase))
            message = Refusal(call.InvocationId, call.Target, new HubException());
        return true;
    }

    private static InvocationMessage Refusal(string? invocationId, string target, Exception why) =>
        new(invocationId, nameof(ChatHub.RefuseCall), [target, why is HubException ? "unknown" : "arguments"]);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => json.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => json.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => json.IsVersionSupported(version);
}
