//! Rate limits: a token bucket per device, per address and for wrong PINs per address.

use std::collections::HashMap;
use std::time::Instant;

use crate::Rate;

/// What a bucket is kept for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Address(std::net::IpAddr),
    Device(String),
    WrongPin(std::net::IpAddr),
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of a session; forgotten with it.
#[derive(Default)]
pub struct Guard {
    buckets: HashMap<Key, Bucket>,
}

/// More buckets than this are never kept (an address flood cannot grow memory without end):
/// the fullest ones, which are no longer limiting anybody, are dropped first.
const MAX_BUCKETS: usize = 20_000;

impl Guard {
    /// Takes one token of `key`'s bucket; `false` when the bucket is empty (too many requests).
    pub fn allow(&mut self, key: Key, rate: Rate) -> bool {
        let now = Instant::now();
        if self.buckets.len() >= MAX_BUCKETS && !self.buckets.contains_key(&key) {
            self.forget_full(rate, now);
        }
        let burst = f64::from(rate.burst);
        let bucket = self.buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let refill =
            now.duration_since(bucket.at).as_secs_f64() * f64::from(rate.per_minute) / 60.0;
        bucket.tokens = (bucket.tokens + refill).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether `key` still has a token, without taking it.
    pub fn would_allow(&self, key: &Key, rate: Rate) -> bool {
        match self.buckets.get(key) {
            None => rate.burst > 0,
            Some(b) => {
                let refill = b.at.elapsed().as_secs_f64() * f64::from(rate.per_minute) / 60.0;
                b.tokens + refill >= 1.0
            }
        }
    }

    fn forget_full(&mut self, rate: Rate, now: Instant) {
        let burst = f64::from(rate.burst);
        self.buckets.retain(|_, b| {
            b.tokens + now.duration_since(b.at).as_secs_f64() * f64::from(rate.per_minute) / 60.0
                < burst
        });
    }
}
