-- Failed logins, per account and per client address, for throttling.
CREATE TABLE login_failures (
    key  TEXT NOT NULL,      -- 'account:<email>' or 'ip:<address>'
    at   TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures(key, at);
