-- 0002 files: uploads (by SHA-256 content, deduplicated), avatars, room icons; profile bio and time zone.
-- Forward-only: never edit after release.
CREATE TABLE "file_blobs" (
    "sha256" TEXT NOT NULL CONSTRAINT "pk_file_blobs" PRIMARY KEY,
    "size" INTEGER NOT NULL,
    "touched_at" TEXT NOT NULL
);

CREATE TABLE "files" (
    "id" TEXT NOT NULL CONSTRAINT "pk_files" PRIMARY KEY,
    "uploader_id" TEXT NOT NULL,
    "purpose" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "width" INTEGER NULL,
    "height" INTEGER NULL,
    "duration_ms" INTEGER NULL,
    "thumbnail_sha256" TEXT NULL,
    "thumbnail_content_type" TEXT NULL,
    "message_id" TEXT NULL,
    "room_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_files_file_blobs_sha256" FOREIGN KEY ("sha256") REFERENCES "file_blobs" ("sha256") ON DELETE RESTRICT,
    CONSTRAINT "fk_files_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_files_rooms_room_id" FOREIGN KEY ("room_id") REFERENCES "rooms" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_files_users_uploader_id" FOREIGN KEY ("uploader_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_file_blobs_touched_at" ON "file_blobs" ("touched_at");
CREATE INDEX "ix_files_message_id" ON "files" ("message_id");
CREATE INDEX "ix_files_room_id" ON "files" ("room_id");
CREATE INDEX "ix_files_sha256" ON "files" ("sha256");
CREATE INDEX "ix_files_thumbnail_sha256" ON "files" ("thumbnail_sha256");
CREATE INDEX "ix_files_uploader_id_created_at" ON "files" ("uploader_id", "created_at");
ALTER TABLE "users" ADD COLUMN "bio" TEXT NOT NULL DEFAULT '';
ALTER TABLE "users" ADD COLUMN "time_zone" TEXT NOT NULL DEFAULT '';
ALTER TABLE "users" ADD COLUMN "avatar_file_id" TEXT NULL CONSTRAINT "fk_users_files_avatar_file_id" REFERENCES "files" ("id") ON DELETE SET NULL;
CREATE INDEX "ix_users_avatar_file_id" ON "users" ("avatar_file_id");
ALTER TABLE "rooms" ADD COLUMN "icon_file_id" TEXT NULL CONSTRAINT "fk_rooms_files_icon_file_id" REFERENCES "files" ("id") ON DELETE SET NULL;
CREATE INDEX "ix_rooms_icon_file_id" ON "rooms" ("icon_file_id");
