using Parley.Server.Moderation;
using Parley.Server.Rooms;
using Xunit;

namespace Parley.Tests;

/// <summary>docs/permissions.md shows the table the server checks; this keeps the two the same.</summary>
public sealed class PermissionsDocTests
{
    private const string Start = "<!-- permission-table -->", End = "<!-- /permission-table -->";

    [Fact]
    public void ThePermissionsPageShowsThePermissionTable()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "permissions.md")).ReplaceLineEndings("\n");
        var from = doc.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var shown = doc[from..doc.IndexOf(End, from, StringComparison.Ordinal)].Trim();
        var expected = Render();
        Assert.True(shown == expected, $"docs/permissions.md differs from PermissionTable.Rules; the table should read:\n{expected}");
    }

    /// <summary>The markdown table of <see cref="PermissionTable.Rules"/>, in their order.</summary>
    private static string Render()
    {
        var lines = new List<string>
        {
            "| Permission | Anywhere: server role and up | In a room: room role and up | Guests' room role counts |",
            "|---|---|---|---|",
        };
        lines.AddRange(PermissionTable.Rules.Select(r =>
            $"| {r.Permission} | {r.Anywhere?.Wire() ?? "—"} | {r.InRoom?.Wire() ?? "—"} | {(r.Guests ? "yes" : "no")} |"));
        return string.Join("\n", lines);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
    }
}
