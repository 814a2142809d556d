-- 0005 voice: an audio upload marked as a voice message recorded in the client.
-- Forward-only: never edit after release.
ALTER TABLE files ADD is_voice boolean NOT NULL DEFAULT false;
