-- 0004 presence: the status a person chose (automatic, away, dnd) and when they were last seen.
-- Forward-only: never edit after release.
ALTER TABLE users ADD presence_choice character varying(8) NOT NULL DEFAULT '';
ALTER TABLE users ADD last_seen_at timestamp with time zone;
