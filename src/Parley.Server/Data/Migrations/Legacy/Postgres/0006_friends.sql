-- 0006 friends: one row per pair (low_id < high_id), a request until accepted_at is set.
-- Forward-only: never edit after release.
CREATE TABLE friendships (
    low_id uuid NOT NULL,
    high_id uuid NOT NULL,
    requested_by_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    CONSTRAINT pk_friendships PRIMARY KEY (low_id, high_id),
    CONSTRAINT fk_friendships_users_low_id FOREIGN KEY (low_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_friendships_users_high_id FOREIGN KEY (high_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_friendships_high_id ON friendships (high_id);
