namespace Parley.Bench.Clients;

/// <summary>A connection to either server, as the workloads drive it.</summary>
public interface IChatConnection : IAsyncDisposable
{
    Receiver Receiver { get; }
    bool IsOpen { get; }
    /// <summary>Sends a message to a room and completes when the server acknowledges it (stored, for Parley).</summary>
    Task SendAsync(int room, string clientId, string text);
}

public sealed class ServerRefused(string message) : Exception(message);
