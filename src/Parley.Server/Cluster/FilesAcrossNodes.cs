using Parley.Server.Files;

namespace Parley.Server.Cluster;

/// <summary>
/// Uploads must be readable by every node: in S3, or on a file system every node mounts. A local disk is not
/// refused (a single node may run with Redis on, and some shared mounts can't be told apart), only named at start.
/// </summary>
public static class FilesAcrossNodes
{
    private static readonly HashSet<string> NetworkFileSystems =
    [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "fuse.glusterfs", "fuse.cephfs", "fuse.sshfs",
        "fuse.s3fs", "fuse.juicefs", "fuse.gcsfuse", "9p", "lustre", "gpfs", "beegfs", "ocfs2", "gfs2",
    ];

    /// <summary>The warning to log, or null when uploads go to S3 or to a network file system.</summary>
    public static string? Warning(FilesOptions files, string mountsFile = "/proc/mounts")
    {
        if (files.Storage == "s3") return null;
        var path = Path.GetFullPath(files.Path);
        if (FileSystemOf(path, mountsFile) is { } type && NetworkFileSystems.Contains(type)) return null;
        return $"Several nodes (Parley:Redis:Configuration) but uploads are kept on this node's own disk (Parley:Files:Path = {path}): " +
               "other nodes can't serve them. Set Parley:Files:Storage=s3 (with Parley:Files:S3:*), or put Parley:Files:Path on a file system every node mounts.";
    }

    /// <summary>The type of the file system the path is on (the longest mount point above it), if the mount table can be read.</summary>
    private static string? FileSystemOf(string path, string mountsFile)
    {
        string[] lines;
        try { lines = File.ReadAllLines(mountsFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        string? type = null;
        var longest = -1;
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length < 3) continue;
            var mountPoint = parts[1].Replace("\\040", " ");
            var under = mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (under && mountPoint.Length > longest) (longest, type) = (mountPoint.Length, parts[2]);
        }
        return type;
    }
}
