#include "core/state_codec.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace mlviz {

std::string FormatReal(double v, bool single_precision)
{
    char buf[64];
    // Whole numbers print plainly ("120", not "1.2e+02"): links stay readable. -0 prints as "0":
    // it equals 0, and equal values must encode equally (else "pos=-0" differs from the default).
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v == 0.0 ? 0.0 : v);
        return buf;
    }
    // Shortest text that reads back to the same value: %.9g for float, %.17g for double,
    // trying shorter precisions first so that 0.45 stays "0.45".
    const int max_digits = single_precision ? 9 : 17;
    for (int digits = 1; digits <= max_digits; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
        const double back = std::strtod(buf, nullptr);
        if (single_precision ? static_cast<float>(back) == static_cast<float>(v) : back == v) break;
    }
    return buf;
}

bool ParseReal(std::string_view text, double& out)
{
    if (text.empty() || text.size() > 64) return false;
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

bool ParseInteger(std::string_view text, long long& out)
{
    long long v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return false;
    out = v;
    return true;
}

Message ClampNotice(double lo, double hi)
{
    return Msg("вне диапазона, ограничено отрезком [%s, %s]", FormatReal(lo, false), FormatReal(hi, false));
}

} // namespace mlviz
