#include <charconv>
#include <cstdlib>

#include "app/options.h"
#include "core/deeplink.h"

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

bool ParseFloat(const std::string& s, float lo, float hi, float& out)
{
    char* end = nullptr;
    const float v = std::strtof(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !(v >= lo && v <= hi)) return false;
    out = v;
    return true;
}

void AppendPair(std::string& to, const std::string& pair)
{
    to += (to.empty() ? "" : "&") + pair;
}

} // namespace

const char* AppUsage()
{
    return "usage: mlviz [--question N] [--topic ID] [--state 'key=value&...'] [--theme light|dark] [--lang ru|en]\n"
           "             [--screenshot FILE.png [--size WxH] [--scale S] [--full] [--no-controls]\n"
           "              [--with-question]] [--frames N] [--ui-scale S]\n"
           "  --question N       open question N (1-86)\n"
           "  --topic ID         open a visualization (list: mlviz-cli list)\n"
           "  --state S          the topic's state, as in the page URL (e.g. 'seed=7')\n"
           "  --theme T          light or dark\n"
           "  --lang L           interface language: ru (default) or en\n"
           "  --screenshot F     render the visualization offscreen as a PNG figure, then exit\n"
           "  --size WxH         figure (or window) size in points (default 1280x800)\n"
           "  --scale S          pixels per point of the figure, 0.5-4 (2 for sharp slides)\n"
           "  --full             the screenshot shows the whole app, not only the figure\n"
           "  --no-controls      figure without the controls panel\n"
           "  --with-question    figure with the question text above it\n"
           "  --frames N         render N frames before the screenshot or exit (default 30)\n"
           "  --ui-scale S       text and widget scale, 0.5-3 (default 1)\n";
}

bool ParseAppOptions(const std::vector<std::string>& args, AppOptions& out, std::string& error)
{
    std::string fragment, query;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            out.Help = true;
            continue;
        }
        if (a == "--full") {
            out.FullWindow = true;
            continue;
        }
        if (a == "--no-controls") {
            AppendPair(query, "controls=0");
            continue;
        }
        if (a == "--with-question") {
            AppendPair(query, "question=1");
            continue;
        }
        if (i + 1 >= args.size()) {
            error = "option '" + a + "' is unknown or needs a value";
            return false;
        }
        const std::string& v = args[++i];
        if (a == "--question") {
            int q = 0;
            if (!ParseInt(v, 1, 100000, q)) {
                error = "--question needs a question number, got '" + v + "'";
                return false;
            }
            AppendPair(fragment, "q=" + v); // digits only: nothing to escape
        } else if (a == "--topic") {
            AppendPair(fragment, "topic=" + PercentEncode(v)); // 'x&q=5' must stay one value
        } else if (a == "--state") {
            if (!v.empty()) AppendPair(fragment, v[0] == '#' ? v.substr(1) : v);
        } else if (a == "--lang") {
            if (v != "ru" && v != "en") {
                error = "--lang needs ru or en, got '" + v + "'";
                return false;
            }
            AppendPair(query, "lang=" + v);
        } else if (a == "--theme") {
            if (v != "light" && v != "dark") {
                error = "--theme needs light or dark, got '" + v + "'";
                return false;
            }
            AppendPair(query, "theme=" + v);
        } else if (a == "--frames") {
            if (!ParseInt(v, 1, 1000000, out.Frames)) {
                error = "--frames needs a positive number, got '" + v + "'";
                return false;
            }
        } else if (a == "--screenshot") {
            if (v.empty()) {
                error = "--screenshot needs a file name";
                return false;
            }
            out.Screenshot = v;
        } else if (a == "--size") {
            const auto x = v.find('x');
            if (x == std::string::npos || !ParseInt(v.substr(0, x), 320, 8192, out.Width) ||
                !ParseInt(v.substr(x + 1), 240, 8192, out.Height)) {
                error = "--size needs WxH within 320x240..8192x8192, got '" + v + "'";
                return false;
            }
        } else if (a == "--scale") {
            if (!ParseFloat(v, 0.5f, 4.0f, out.Scale)) {
                error = "--scale needs 0.5-4, got '" + v + "'";
                return false;
            }
        } else if (a == "--ui-scale") {
            if (!ParseFloat(v, 0.5f, 3.0f, out.UiScale)) {
                error = "--ui-scale needs 0.5-3, got '" + v + "'";
                return false;
            }
        } else {
            error = "unknown option '" + a + "'";
            return false;
        }
    }
    if (out.Width * out.Scale > 8192 || out.Height * out.Scale > 8192) {
        error = "--size x --scale exceeds 8192 pixels on a side";
        return false;
    }
    out.Fragment = fragment;
    out.Query = query;
    return true;
}

} // namespace mlviz
