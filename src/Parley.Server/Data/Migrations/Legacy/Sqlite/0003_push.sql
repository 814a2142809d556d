-- 0003 push: Web Push subscriptions per device, and server-wide secrets (the VAPID key).
-- Forward-only: never edit after release.
CREATE TABLE "push_subscriptions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_push_subscriptions" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "last_success_at" TEXT NULL,
    CONSTRAINT "fk_push_subscriptions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_push_subscriptions_endpoint" ON "push_subscriptions" ("endpoint");
CREATE INDEX "ix_push_subscriptions_user_id_created_at" ON "push_subscriptions" ("user_id", "created_at");

CREATE TABLE "server_secrets" (
    "name" TEXT NOT NULL CONSTRAINT "pk_server_secrets" PRIMARY KEY,
    "value" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);
