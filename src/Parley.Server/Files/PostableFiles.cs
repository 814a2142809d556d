namespace Parley.Server.Files;

/// <summary>Which of these uploads this person may post: their own attachments, not posted yet.</summary>
public static class PostableFiles
{
    public static IQueryable<StoredFile> Of(IQueryable<StoredFile> files, Guid uploaderId, IReadOnlyList<Guid> fileIds)
    {
        var ids = fileIds.ToList();
        return files.Where(f => ids.Contains(f.Id) && f.UploaderId == uploaderId && f.Purpose == FilePurpose.Attachment && f.MessageId == null);
    }
}
