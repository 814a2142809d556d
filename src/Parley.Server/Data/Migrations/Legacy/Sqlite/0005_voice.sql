-- 0005 voice: an audio upload marked as a voice message recorded in the client.
-- Forward-only: never edit after release.
ALTER TABLE "files" ADD COLUMN "is_voice" INTEGER NOT NULL DEFAULT 0;
