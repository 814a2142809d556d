using Parley.Server.Cluster;
using Parley.Server.Files;
using Xunit;

namespace Parley.Tests;

/// <summary>With several nodes, uploads on a node's own disk are named at start; S3 and network file systems are not.</summary>
public sealed class FilesAcrossNodesTests
{
    private static string? WarningFor(FilesOptions files, params string[] mounts)
    {
        var table = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(table, mounts);
            return FilesAcrossNodes.Warning(files, table);
        }
        finally { File.Delete(table); }
    }

    [Fact]
    public void LocalDiskIsNamedNetworkFileSystemsAndS3AreNot()
    {
        string[] mounts = ["/dev/sda1 / ext4 rw 0 0", "server:/export /srv/shared nfs4 rw 0 0", "tmpfs /srv/shared/tmp tmpfs rw 0 0"];
        var local = WarningFor(new FilesOptions { Path = "/var/lib/parley/files" }, mounts);
        Assert.NotNull(local);
        Assert.Contains("Parley:Files:Path = /var/lib/parley/files", local);
        Assert.Contains("Parley:Files:Storage=s3", local);
        Assert.Null(WarningFor(new FilesOptions { Path = "/srv/shared/parley" }, mounts));
        Assert.NotNull(WarningFor(new FilesOptions { Path = "/srv/shared/tmp/parley" }, mounts)); // the deepest mount decides
        Assert.NotNull(WarningFor(new FilesOptions { Path = "/srv/sharedx/parley" }, mounts));    // a name that only starts alike
        Assert.Null(WarningFor(new FilesOptions { Storage = "s3", Path = "/var/lib/parley/files" }, mounts));
    }
}
