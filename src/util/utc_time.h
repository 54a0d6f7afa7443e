// Times as the record keeps them: UTC, ISO 8601 to the second
// ("2026-11-27T17:05:00Z"). Private to the library.
//
// Thread-safety: thread-safe.

#ifndef REDLINE_UTIL_UTC_TIME_H_
#define REDLINE_UTIL_UTC_TIME_H_

#include <cstdint>
#include <optional>
#include <string>

namespace redline {

// The time now.
std::string UtcNow();

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ", or nullopt for
// anything else (an impossible date included).
std::optional<int64_t> ParseUtcTime(const std::string& time);

// The time `seconds` after the epoch, or nullopt outside the years 1-9999.
std::optional<std::string> FormatUtcTime(int64_t seconds);

}  // namespace redline

#endif  // REDLINE_UTIL_UTC_TIME_H_
