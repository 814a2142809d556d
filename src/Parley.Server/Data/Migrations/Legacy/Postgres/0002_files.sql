-- 0002 files: uploads (by SHA-256 content, deduplicated), avatars, room icons; profile bio and time zone.
-- Forward-only: never edit after release.
CREATE TABLE file_blobs (
    sha256 character varying(64) NOT NULL,
    size bigint NOT NULL,
    touched_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_file_blobs PRIMARY KEY (sha256)
);

CREATE TABLE files (
    id uuid NOT NULL,
    uploader_id uuid NOT NULL,
    purpose integer NOT NULL,
    name character varying(255) NOT NULL,
    content_type character varying(100) NOT NULL,
    size bigint NOT NULL,
    sha256 character varying(64) NOT NULL,
    width integer,
    height integer,
    duration_ms integer,
    thumbnail_sha256 character varying(64),
    thumbnail_content_type character varying(100),
    message_id uuid,
    room_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_files PRIMARY KEY (id),
    CONSTRAINT fk_files_file_blobs_sha256 FOREIGN KEY (sha256) REFERENCES file_blobs (sha256) ON DELETE RESTRICT
);

CREATE INDEX ix_file_blobs_touched_at ON file_blobs (touched_at);
CREATE INDEX ix_files_message_id ON files (message_id);
CREATE INDEX ix_files_room_id ON files (room_id);
CREATE INDEX ix_files_sha256 ON files (sha256);
CREATE INDEX ix_files_thumbnail_sha256 ON files (thumbnail_sha256);
CREATE INDEX ix_files_uploader_id_created_at ON files (uploader_id, created_at);
ALTER TABLE files ADD CONSTRAINT fk_files_messages_message_id FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE;
ALTER TABLE files ADD CONSTRAINT fk_files_rooms_room_id FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE;
ALTER TABLE files ADD CONSTRAINT fk_files_users_uploader_id FOREIGN KEY (uploader_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE users ADD bio character varying(500) NOT NULL DEFAULT '';
ALTER TABLE users ADD time_zone character varying(64) NOT NULL DEFAULT '';
ALTER TABLE users ADD avatar_file_id uuid CONSTRAINT fk_users_files_avatar_file_id REFERENCES files (id) ON DELETE SET NULL;
CREATE INDEX ix_users_avatar_file_id ON users (avatar_file_id);
ALTER TABLE rooms ADD icon_file_id uuid CONSTRAINT fk_rooms_files_icon_file_id REFERENCES files (id) ON DELETE SET NULL;
CREATE INDEX ix_rooms_icon_file_id ON rooms (icon_file_id);
