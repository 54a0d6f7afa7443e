#include "util/utc_time.h"

#include <charconv>
#include <ctime>

#include "fmt/format.h"

namespace redline {

std::string UtcNow() {
  return FormatUtcTime(static_cast<int64_t>(std::time(nullptr)))
      .value_or("1970-01-01T00:00:00Z");
}

namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<int64_t> ParseUtcTime(const std::string& time) {
  // Positions of the separators; everything else is a digit.
  static constexpr char kPattern[] = "dddd-dd-ddTdd:dd:ddZ";
  if (time.size() != sizeof kPattern - 1) return std::nullopt;
  for (size_t i = 0; i < time.size(); ++i) {
    const bool digit = time[i] >= '0' && time[i] <= '9';
    if (kPattern[i] == 'd' ? !digit : time[i] != kPattern[i]) {
      return std::nullopt;
    }
  }
  auto field = [&](size_t pos, size_t len) {
    int value = 0;
    std::from_chars(time.data() + pos, time.data() + pos + len, value);
    return value;
  };
  const int year = field(0, 4), month = field(5, 2), day = field(8, 2);
  const int hour = field(11, 2), minute = field(14, 2), second = field(17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

std::optional<std::string> FormatUtcTime(int64_t seconds) {
  const time_t t = static_cast<time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::nullopt;
  const int64_t year = int64_t{tm.tm_year} + 1900;
  if (year < 1 || year > 9999) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

}  // namespace redline
