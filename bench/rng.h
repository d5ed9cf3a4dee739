// Rng: the benchmark's own pseudo-random numbers (xoshiro256**, seeded with
// splitmix64), so that the generated corpus and the chosen queries are the
// same bytes on every machine and every standard library: nothing here uses
// std::random's distributions, whose output differs between implementations.
//
// Zipf: rank sampling with exponent 1 over n ranks, from integer weights
// (2^40 / rank), so that no floating point enters the choice either.
//
// Thread-safety: plain values; one Rng per thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace margin::bench {

class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : m_state) {
            seed += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, n); n > 0. (The modulo bias is below 2^-40 for the n used here.)
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    // Uniform in [lo, hi].
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
    // True with probability perMillion / 1,000,000.
    bool chance(std::uint32_t perMillion) { return below(1000000) < perMillion; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4] = {};
};

class Zipf {
public:
    explicit Zipf(std::size_t n) {
        m_cumulative.reserve(n);
        std::uint64_t total = 0;
        for (std::uint64_t rank = 1; rank <= n; ++rank) {
            total += (std::uint64_t{1} << 40) / rank;
            m_cumulative.push_back(total);
        }
    }
    // A rank from 0 (the most frequent) to n - 1.
    std::size_t sample(Rng& rng) const {
        std::uint64_t x = rng.below(m_cumulative.back());
        return static_cast<std::size_t>(
            std::upper_bound(m_cumulative.begin(), m_cumulative.end(), x) - m_cumulative.begin());
    }

private:
    std::vector<std::uint64_t> m_cumulative;
};

}  // namespace margin::bench
