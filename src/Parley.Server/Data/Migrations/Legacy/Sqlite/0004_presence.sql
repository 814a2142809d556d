-- 0004 presence: the status a person chose (automatic, away, dnd) and when they were last seen.
-- Forward-only: never edit after release.
ALTER TABLE "users" ADD COLUMN "presence_choice" TEXT NOT NULL DEFAULT '';
ALTER TABLE "users" ADD COLUMN "last_seen_at" TEXT NULL;
