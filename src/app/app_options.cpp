#include "app/options.h"

#include <charconv>
#include <cstdlib>

namespace mlviz {

namespace {

bool ParseInt(const std::string& s, int lo, int hi, int& out)
{
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return false;
    out = v;
    return true;
}

} // namespace

const char* AppUsage()
{
    return "usage: mlviz [--question N] [--topic ID] [--frames N [--screenshot FILE.png]]\n"
           "             [--size WxH] [--ui-scale S]\n"
           "  --question N     open question N (1-86)\n"
           "  --topic ID       open a visualization (see: mlviz-cli list)\n"
           "  --frames N       render N frames and exit (for tests)\n"
           "  --screenshot F   with --frames: save the last frame as PNG\n"
           "  --size WxH       window size in points (default 1280x800)\n"
           "  --ui-scale S     text and widget scale, 0.5-3 (default 1)\n";
}

bool ParseAppOptions(const std::vector<std::string>& args, AppOptions& out, std::string& error)
{
    std::string fragment;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--help" || a == "-h") { out.Help = true; continue; }
        if (!has_value) { error = "option '" + a + "' is unknown or needs a value"; return false; }
        const std::string& v = args[++i];
        if (a == "--question") {
            int q = 0;
            if (!ParseInt(v, 1, 100000, q)) { error = "--question needs a question number, got '" + v + "'"; return false; }
            fragment += (fragment.empty() ? "" : "&") + std::string("q=") + v;
        } else if (a == "--topic") {
            fragment += (fragment.empty() ? "" : "&") + std::string("topic=") + v;
        } else if (a == "--frames") {
            if (!ParseInt(v, 1, 1000000, out.Frames)) { error = "--frames needs a positive number, got '" + v + "'"; return false; }
        } else if (a == "--screenshot") {
            out.Screenshot = v;
        } else if (a == "--size") {
            const auto x = v.find('x');
            if (x == std::string::npos || !ParseInt(v.substr(0, x), 320, 8192, out.Width) ||
                !ParseInt(v.substr(x + 1), 240, 8192, out.Height)) {
                error = "--size needs WxH within 320x240..8192x8192, got '" + v + "'";
                return false;
            }
        } else if (a == "--ui-scale") {
            char* end = nullptr;
            const float s = std::strtof(v.c_str(), &end);
            if (end == v.c_str() || *end || !(s >= 0.5f && s <= 3.0f)) { error = "--ui-scale needs 0.5-3, got '" + v + "'"; return false; }
            out.UiScale = s;
        } else {
            error = "unknown option '" + a + "'";
            return false;
        }
    }
    out.Fragment = fragment;
    return true;
}

} // namespace mlviz
