-- 0008 message extras: whether a message may have reactions or files, so a history page asks for them only when one does
-- (Mattermost keeps the same hints on its posts). Forward-only: never edit after release.
ALTER TABLE messages ADD has_reactions boolean NOT NULL DEFAULT false;
ALTER TABLE messages ADD has_files boolean NOT NULL DEFAULT false;
UPDATE messages SET has_reactions = true WHERE id IN (SELECT message_id FROM reactions);
UPDATE messages SET has_files = true WHERE id IN (SELECT message_id FROM files WHERE message_id IS NOT NULL);
