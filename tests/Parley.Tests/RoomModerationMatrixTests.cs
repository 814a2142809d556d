using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Who may moderate a room, over REST and over the hub alike: each role tries each action on a plain member; the
/// allowed succeed with exactly one audit entry, the others are refused 403 not_allowed and leave none.
/// </summary>
public sealed class RoomModerationMatrixTests
{
    public enum Role { ServerOwner, Admin, ServerModerator, RoomOwner, RoomModerator, Member, Guest }

    private static readonly Role[] Moderators = [Role.ServerOwner, Role.Admin, Role.ServerModerator, Role.RoomOwner, Role.RoomModerator];

    private static readonly string[] RestActions = ["kick", "ban", "timeout", "delete", "settings"];
    private static readonly string[] HubActions = ["kick", "ban", "timeout", "delete"];

    private static readonly Dictionary<string, string> AuditAction = new()
    {
        ["kick"] = "room.kick", ["ban"] = "room.ban", ["timeout"] = "room.timeout", ["delete"] = "message.delete", ["settings"] = "room.settings",
    };

    [Fact]
    public Task EachRoleMayDoWhatTheTableSaysOverRest() => RunMatrixAsync(hub: false);

    [Fact]
    public Task EachRoleMayDoWhatTheTableSaysOverTheHub() => RunMatrixAsync(hub: true);

    private static async Task RunMatrixAsync(bool hub)
    {
        await using var app = await ParleyApp.StartAsync();
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var (actor, room) = await ActorAsync(app, role);
            await using var socket = hub ? await app.ConnectAsync(actor) : null;
            foreach (var action in hub ? HubActions : RestActions)
            {
                var target = await app.SignUpAsync("target", "Target");
                await target.JoinAsync(room);
                var message = await target.PostMessageAsync(room, "something to remove");
                var (status, code) = socket is null
                    ? await RestAsync(actor, action, room, target.Id, message.Id())
                    : await HubAsync(socket, action, room, target.Id, message.Id());

                var allowed = Moderators.Contains(role);
                var expected = allowed ? (action is "kick" ? 204 : 200, (string?)null) : (403, "not_allowed");
                if ((status, code) != expected) failures.Add($"{role} {action}: expected {expected}, got ({status}, {code})");
                await using var db = app.OpenDb();
                var audited = await db.AuditLog.CountAsync(a => a.Action == AuditAction[action] && a.ActorId == actor.Id
                    && (action == "settings" ? a.RoomId == room : a.TargetUserId == target.Id), TestContext.Current.CancellationToken);
                if (audited != (allowed ? 1 : 0)) failures.Add($"{role} {action}: {audited} audit entries");
                if (action == "settings" && allowed) await ResetSettingsAsync(app, room);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Someone with the role, and a public room (with an owner of its own unless they are it) where they act.</summary>
    private static async Task<(TestUser Actor, Guid Room)> ActorAsync(ParleyApp app, Role role)
    {
        var owner = await app.SignUpAsync("owner", "Owner");
        var room = await owner.CreateRoomAsync();
        if (role == Role.RoomOwner) return (owner, room);
        var actor = await app.SignUpAsync(role.ToString().ToLowerInvariant(), role.ToString());
        switch (role)
        {
            case Role.ServerOwner: await app.SetRoleAsync(actor.Id, ServerRole.Owner); break;
            case Role.Admin: await app.SetRoleAsync(actor.Id, ServerRole.Admin); break;
            case Role.ServerModerator: await app.SetRoleAsync(actor.Id, ServerRole.Moderator); break;
            case Role.RoomModerator:
                await actor.JoinAsync(room);
                using (var http = owner.Http())
                    await Expect.Status(await http.PutAsJsonAsync($"/api/rooms/{room}/members/{actor.Id}/role", new { role = "moderator" }), 200);
                break;
            case Role.Member: await actor.JoinAsync(room); break;
            case Role.Guest:
                await owner.InviteAsync(room, actor);
                await app.SetRoleAsync(actor.Id, ServerRole.Guest);
                break;
        }
        return (actor, room);
    }

    private static async Task<(int, string?)> RestAsync(TestUser actor, string action, Guid room, Guid target, Guid message)
    {
        using var http = actor.Http();
        var response = action switch
        {
            "kick" => await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/rooms/{room}/members/{target}")
            {
                Content = JsonContent.Create(new { reason = "spam" }),
            }),
            "ban" => await http.PutAsJsonAsync($"/api/rooms/{room}/bans/{target}", new { reason = "spam" }),
            "timeout" => await http.PutAsJsonAsync($"/api/rooms/{room}/timeouts/{target}", new { seconds = 60, reason = "cool off" }),
            "delete" => await http.DeleteAsync($"/api/messages/{message}"),
            _ => await http.PatchAsJsonAsync($"/api/rooms/{room}", new { readOnly = true, slowModeSeconds = 30, invitePolicy = "moderators" }),
        };
        if (response.IsSuccessStatusCode) return ((int)response.StatusCode, null);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, problem.GetProperty("code").GetString());
    }

    private static async Task<(int, string?)> HubAsync(HubClient hub, string action, Guid room, Guid target, Guid message)
    {
        try
        {
            _ = action switch
            {
                "kick" => await hub.InvokeAsync("KickMember", room, target, "spam"),
                "ban" => await hub.InvokeAsync("BanMember", room, target, new { reason = "spam" }),
                "timeout" => await hub.InvokeAsync("TimeoutMember", room, target, new { seconds = 60, reason = "cool off" }),
                _ => await hub.InvokeAsync("DeleteMessage", message),
            };
            return (action is "kick" ? 204 : 200, null);
        }
        catch (HubError e)
        {
            var reason = HubClient.Reason(e.Message);
            return (403, reason[..reason.IndexOfAny([':', ' '])]);
        }
    }

    private static async Task ResetSettingsAsync(ParleyApp app, Guid room)
    {
        await using var db = app.OpenDb();
        await db.Rooms.Where(r => r.Id == room).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ReadOnly, false).SetProperty(r => r.SlowModeSeconds, 0).SetProperty(r => r.InvitePolicy, Parley.Server.Rooms.InvitePolicy.Members));
    }
}
