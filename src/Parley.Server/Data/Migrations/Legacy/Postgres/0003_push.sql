-- 0003 push: Web Push subscriptions per device, and server-wide secrets (the VAPID key).
-- Forward-only: never edit after release.
CREATE TABLE push_subscriptions (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    endpoint character varying(2048) NOT NULL,
    p256dh character varying(200) NOT NULL,
    auth character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_success_at timestamp with time zone,
    CONSTRAINT pk_push_subscriptions PRIMARY KEY (id),
    CONSTRAINT fk_push_subscriptions_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_push_subscriptions_endpoint ON push_subscriptions (endpoint);
CREATE INDEX ix_push_subscriptions_user_id_created_at ON push_subscriptions (user_id, created_at);

CREATE TABLE server_secrets (
    name character varying(100) NOT NULL,
    value text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_server_secrets PRIMARY KEY (name)
);
