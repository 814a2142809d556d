-- 0008 message extras: whether a message may have reactions or files, so a history page asks for them only when one does
-- (Mattermost keeps the same hints on its posts). Forward-only: never edit after release.
ALTER TABLE "messages" ADD COLUMN "has_reactions" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "messages" ADD COLUMN "has_files" INTEGER NOT NULL DEFAULT 0;
UPDATE "messages" SET "has_reactions" = 1 WHERE "id" IN (SELECT "message_id" FROM "reactions");
UPDATE "messages" SET "has_files" = 1 WHERE "id" IN (SELECT "message_id" FROM "files" WHERE "message_id" IS NOT NULL);
