-- 0007 attention: blocks, notification and privacy settings, per-conversation notification levels, mentions,
-- who may use @here/@room, and custom status expiry.
-- Forward-only: never edit after release.
CREATE TABLE "blocks" (
    "blocker_id" TEXT NOT NULL,
    "blocked_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_blocks" PRIMARY KEY ("blocker_id", "blocked_id"),
    CONSTRAINT "fk_blocks_users_blocker_id" FOREIGN KEY ("blocker_id") REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_blocks_users_blocked_id" FOREIGN KEY ("blocked_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_blocks_blocked_id" ON "blocks" ("blocked_id");

CREATE TABLE "user_settings" (
    "user_id" TEXT NOT NULL,
    "dm_policy" INTEGER NOT NULL,
    "read_receipts" INTEGER NOT NULL,
    "notification_preview" INTEGER NOT NULL,
    "notification_sound" INTEGER NOT NULL,
    "away_after_minutes" INTEGER NOT NULL,
    "dnd_start_minute" INTEGER NULL,
    "dnd_end_minute" INTEGER NULL,
    "dnd_time_zone" TEXT NULL,
    CONSTRAINT "pk_user_settings" PRIMARY KEY ("user_id"),
    CONSTRAINT "fk_user_settings_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "mentions" (
    "user_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_mentions" PRIMARY KEY ("user_id", "message_id"),
    CONSTRAINT "fk_mentions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_mentions_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_mentions_user_id_room_id_seq" ON "mentions" ("user_id", "room_id", "seq");
CREATE INDEX "ix_mentions_user_id_created_at" ON "mentions" ("user_id", "created_at");
CREATE INDEX "ix_mentions_message_id" ON "mentions" ("message_id");

ALTER TABLE "messages" ADD COLUMN "mention_ids" TEXT NULL;
ALTER TABLE "messages" ADD COLUMN "wildcard" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "rooms" ADD COLUMN "wildcard_mentions" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "room_members" ADD COLUMN "notification_level" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "status_expires_at" TEXT NULL;
CREATE INDEX "ix_users_status_expires_at" ON "users" ("status_expires_at");
