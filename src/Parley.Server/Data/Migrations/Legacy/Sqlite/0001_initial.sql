-- 0001 initial schema: accounts, sessions, rooms, memberships, messages (seq/rev), reactions, data-protection keys.
-- Generated from the model with 'schema-script sqlite', then kept by hand. Forward-only: never edit after release.
CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NOT NULL,
    "xml" TEXT NOT NULL
);


CREATE TABLE "revoked_sessions" (
    "session_id" TEXT NOT NULL CONSTRAINT "pk_revoked_sessions" PRIMARY KEY,
    "expires_at" TEXT NOT NULL
);


CREATE TABLE "rooms" (
    "id" TEXT NOT NULL CONSTRAINT "pk_rooms" PRIMARY KEY,
    "kind" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NULL,
    "topic" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "dm_key" TEXT NULL,
    "last_seq" INTEGER NOT NULL,
    "last_rev" INTEGER NOT NULL,
    "last_activity_at" TEXT NOT NULL
);


CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "display_name" TEXT NOT NULL,
    "status_text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "deactivated_at" TEXT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" TEXT NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);


CREATE TABLE "messages" (
    "id" TEXT NOT NULL CONSTRAINT "pk_messages" PRIMARY KEY,
    "room_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "rev" INTEGER NOT NULL,
    "sender_id" TEXT NOT NULL,
    "client_message_id" TEXT NULL,
    "kind" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "reply_to_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "edited_at" TEXT NULL,
    "deleted_at" TEXT NULL,
    CONSTRAINT "fk_messages_rooms_room_id" FOREIGN KEY ("room_id") REFERENCES "rooms" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_messages_users_sender_id" FOREIGN KEY ("sender_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "room_members" (
    "room_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" INTEGER NOT NULL,
    "joined_at" TEXT NOT NULL,
    "last_read_seq" INTEGER NOT NULL,
    CONSTRAINT "pk_room_members" PRIMARY KEY ("room_id", "user_id"),
    CONSTRAINT "fk_room_members_rooms_room_id" FOREIGN KEY ("room_id") REFERENCES "rooms" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_room_members_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_user_claims_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_user_logins_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_user_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "reactions" (
    "message_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_reactions" PRIMARY KEY ("message_id", "user_id", "emoji"),
    CONSTRAINT "fk_reactions_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_reactions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE UNIQUE INDEX "ix_messages_room_id_rev" ON "messages" ("room_id", "rev");


CREATE UNIQUE INDEX "ix_messages_room_id_seq" ON "messages" ("room_id", "seq");


CREATE UNIQUE INDEX "ix_messages_sender_id_client_message_id" ON "messages" ("sender_id", "client_message_id");


CREATE INDEX "ix_reactions_user_id" ON "reactions" ("user_id");


CREATE INDEX "ix_revoked_sessions_expires_at" ON "revoked_sessions" ("expires_at");


CREATE INDEX "ix_room_members_user_id" ON "room_members" ("user_id");


CREATE UNIQUE INDEX "ix_rooms_dm_key" ON "rooms" ("dm_key");


CREATE INDEX "ix_rooms_kind_name_key" ON "rooms" ("kind", "name_key");


CREATE UNIQUE INDEX "ix_rooms_name_key" ON "rooms" ("name_key");


CREATE INDEX "ix_user_claims_user_id" ON "user_claims" ("user_id");


CREATE INDEX "ix_user_logins_user_id" ON "user_logins" ("user_id");


CREATE INDEX "email_index" ON "users" ("normalized_email");


CREATE UNIQUE INDEX "user_name_index" ON "users" ("normalized_user_name");


