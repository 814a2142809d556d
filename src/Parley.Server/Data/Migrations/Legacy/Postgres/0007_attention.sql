-- 0007 attention: blocks, notification and privacy settings, per-conversation notification levels, mentions,
-- who may use @here/@room, and custom status expiry.
-- Forward-only: never edit after release.
CREATE TABLE blocks (
    blocker_id uuid NOT NULL,
    blocked_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_blocks PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT fk_blocks_users_blocker_id FOREIGN KEY (blocker_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_blocks_users_blocked_id FOREIGN KEY (blocked_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_blocks_blocked_id ON blocks (blocked_id);

CREATE TABLE user_settings (
    user_id uuid NOT NULL,
    dm_policy integer NOT NULL,
    read_receipts boolean NOT NULL,
    notification_preview boolean NOT NULL,
    notification_sound boolean NOT NULL,
    away_after_minutes integer NOT NULL,
    dnd_start_minute integer,
    dnd_end_minute integer,
    dnd_time_zone character varying(64),
    CONSTRAINT pk_user_settings PRIMARY KEY (user_id),
    CONSTRAINT fk_user_settings_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE mentions (
    user_id uuid NOT NULL,
    message_id uuid NOT NULL,
    room_id uuid NOT NULL,
    seq bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_mentions PRIMARY KEY (user_id, message_id),
    CONSTRAINT fk_mentions_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_mentions_messages_message_id FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
);
CREATE INDEX ix_mentions_user_id_room_id_seq ON mentions (user_id, room_id, seq);
CREATE INDEX ix_mentions_user_id_created_at ON mentions (user_id, created_at);
CREATE INDEX ix_mentions_message_id ON mentions (message_id);

ALTER TABLE messages ADD mention_ids character varying(2000);
ALTER TABLE messages ADD wildcard integer NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD wildcard_mentions integer NOT NULL DEFAULT 0;
ALTER TABLE room_members ADD notification_level integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD status_expires_at timestamp with time zone;
CREATE INDEX ix_users_status_expires_at ON users (status_expires_at);
