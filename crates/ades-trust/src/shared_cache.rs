//! A revocation cache shared by many processes or machines (a batch split in shards, a
//! fleet of validators): OCSP responses and CRLs kept as their DER bytes, under keys
//! derived from what they are about, expiring at their nextUpdate.
//!
//! The shared cache sits behind the in-process one and never decides a verdict by itself:
//! what it returns is verified again (signature, issuer, freshness) exactly like an answer
//! fetched from the network, so a poisoned or stale entry is ignored, not trusted. A cache
//! that cannot be reached is reported ([`SharedCache::trouble`]) and validation goes on
//! with local caching.

use std::time::Duration;

/// A store of revocation evidence shared between validators.
pub trait SharedCache: Send + Sync {
    /// The bytes stored under `key`, if any (and if the store answered).
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    /// Stores `value` under `key` for `ttl`; failures are remembered, not returned.
    fn put(&self, key: &str, value: &[u8], ttl: Duration);
    /// The first problem met talking to the store, if any (to warn about once).
    fn trouble(&self) -> Option<String>;
}

/// The key of the OCSP response about certificate `serial` of the issuer whose key has
/// SHA-256 `issuer_key_hash`.
pub(crate) fn ocsp_key(issuer_key_hash: &[u8], serial: &[u8]) -> String {
    format!(
        "ades:rev:1:ocsp:{}:{}",
        ades_core::digest::hex_lower(issuer_key_hash),
        ades_core::digest::hex_lower(serial)
    )
}

/// The key of the CRL downloaded from `url`.
pub(crate) fn crl_key(url: &str) -> String {
    let hash = ades_core::digest::digest(ades_core::DigestAlgorithm::Sha256, url.as_bytes());
    format!("ades:rev:1:crl:{}", ades_core::digest::hex_lower(&hash))
}

/// How long an answer due again at `next_update` is worth keeping, seen at `now`: until
/// nextUpdate (at least a minute, at most a week); an hour when it names none.
pub(crate) fn time_to_live(
    now: ades_core::time::OffsetDateTime,
    next_update: Option<ades_core::time::OffsetDateTime>,
) -> Duration {
    const MINUTE: i64 = 60;
    const WEEK: i64 = 7 * 24 * 3600;
    let seconds = next_update.map_or(3600, |n| (n - now).whole_seconds().clamp(MINUTE, WEEK));
    Duration::from_secs(seconds.unsigned_abs())
}

#[cfg(feature = "redis")]
pub use self::redis_cache::RedisCache;

#[cfg(feature = "redis")]
mod redis_cache {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::SharedCache;

    /// How long to wait for Redis to connect or answer before going on without it.
    const TIMEOUT: Duration = Duration::from_secs(2);

    /// A [`SharedCache`] in Redis (`redis://HOST:PORT[/DB]`, `rediss://` for TLS is not
    /// built in). One connection, opened on first use; once it fails, the cache is left
    /// alone for the rest of the run (no retry storm against a server that is down).
    pub struct RedisCache {
        url: String,
        client: redis::Client,
        state: Mutex<State>,
    }

    enum State {
        NotConnected,
        Connected(redis::Connection),
        Down(String),
    }

    impl std::fmt::Debug for RedisCache {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("RedisCache")
                .field("url", &self.url)
                .finish()
        }
    }

    impl RedisCache {
        /// A cache at `url`; the URL is checked now, the server is contacted on first use.
        pub fn new(url: &str) -> Result<Self, String> {
            let client = redis::Client::open(url).map_err(|e| format!("{url}: {e}"))?;
            Ok(RedisCache {
                url: url.to_owned(),
                client,
                state: Mutex::new(State::NotConnected),
            })
        }

        /// Runs `command` on the connection, connecting first; any error takes the cache
        /// down for the run.
        fn with_connection<T>(
            &self,
            command: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>,
        ) -> Option<T> {
            let mut state = self.state.lock().ok()?;
            if let State::NotConnected = *state {
                *state = match self.connect() {
                    Ok(c) => State::Connected(c),
                    Err(e) => State::Down(format!("{}: {e}", self.url)),
                };
            }
            let State::Connected(connection) = &mut *state else {
                return None;
            };
            match command(connection) {
                Ok(value) => Some(value),
                Err(e) => {
                    *state = State::Down(format!("{}: {e}", self.url));
                    None
                }
            }
        }

        fn connect(&self) -> redis::RedisResult<redis::Connection> {
            let connection = self.client.get_connection_with_timeout(TIMEOUT)?;
            connection.set_read_timeout(Some(TIMEOUT))?;
            connection.set_write_timeout(Some(TIMEOUT))?;
            Ok(connection)
        }
    }

    impl SharedCache for RedisCache {
        fn get(&self, key: &str) -> Option<Vec<u8>> {
            self.with_connection(|c| redis::cmd("GET").arg(key).query::<Option<Vec<u8>>>(c))
                .flatten()
        }

        fn put(&self, key: &str, value: &[u8], ttl: Duration) {
            let _ = self.with_connection(|c| {
                redis::cmd("SET")
                    .arg(key)
                    .arg(value)
                    .arg("EX")
                    .arg(ttl.as_secs().max(1))
                    .query::<()>(c)
            });
        }

        fn trouble(&self) -> Option<String> {
            match &*self.state.lock().ok()? {
                State::Down(why) => Some(why.clone()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ades_core::time::{Duration as TimeDuration, OffsetDateTime};

    #[test]
    fn lifetimes_follow_next_update_within_bounds() {
        let now = OffsetDateTime::UNIX_EPOCH + TimeDuration::days(20_000);
        assert_eq!(time_to_live(now, None), Duration::from_secs(3600));
        assert_eq!(
            time_to_live(now, Some(now + TimeDuration::hours(2))),
            Duration::from_secs(7200)
        );
        assert_eq!(
            time_to_live(now, Some(now - TimeDuration::hours(2))),
            Duration::from_secs(60)
        );
        assert_eq!(
            time_to_live(now, Some(now + TimeDuration::days(30))),
            Duration::from_secs(7 * 24 * 3600)
        );
    }

    #[test]
    fn keys_are_distinct_per_kind_and_subject() {
        assert_ne!(ocsp_key(b"k", b"\x01"), ocsp_key(b"k", b"\x02"));
        assert!(crl_key("http://a/crl").starts_with("ades:rev:1:crl:"));
        assert_ne!(crl_key("http://a/crl"), crl_key("http://b/crl"));
    }
}
