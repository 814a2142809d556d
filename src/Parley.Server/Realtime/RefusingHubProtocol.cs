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
        if (!json.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage failed)
            message = Refusal(failed.InvocationId, failed.Target, failed.BindingFailure.SourceException);
        return true;
    }

    private static InvocationMessage Refusal(string? invocationId, string target, Exception why) =>
        new(invocationId, nameof(ChatHub.RefuseCall), [target, why is HubException ? "unknown" : "arguments"]);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => json.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => json.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => json.IsVersionSupported(version);
}
