using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;
using static Parley.Tests.Infrastructure.TwoNodes;

namespace Parley.Tests;

/// <summary>
/// Two nodes on one PostgreSQL and one Redis, people connected to different nodes: everything one sees of the other
/// crosses, and what acts on connections (group moves, session ends, caches) acts on both nodes.
/// </summary>
public sealed class ClusterTests
{
    private static void RequirePostgres() => Assert.SkipUnless(ParleyApp.OnPostgres, "Several nodes need PostgreSQL: runs in the PostgreSQL suite.");

    [Fact]
    public async Task MessagesCrossNodesAndAJoinOnOneNodeMovesTheSocketOnTheOther()
    {
        RequirePostgres();
        await using var nodes = await TwoNodes.StartAsync();
        var (alice, bob, room) = await nodes.A.AliceAndBobInARoomAsync();
        var carol = await nodes.A.SignUpAsync("carol", "Carol");
        await using var aliceHub = await nodes.A.ConnectAsync(alice);
        await using var bobHub = await nodes.B.ConnectAsync(On(nodes.B, bob));
        await using var carolHub = await nodes.B.ConnectAsync(On(nodes.B, carol));

        var sent = await aliceHub.InvokeAsync("SendMessage", room, Send("hello from A"));
        await bobHub.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());

        // Carol joins over REST on node A; her socket is on node B: the room's next message reaches it.
        await carol.JoinAsync(room);
        var next = await aliceHub.InvokeAsync("SendMessage", room, Send("welcome, Carol"));
        await carolHub.WaitForAsync("MessageCreated", m => m.Id() == next.Id());
    }
}
