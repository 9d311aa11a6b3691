// The tracking CLI function (not yet registered in mlviz-cli) run on tests/topics/tracking/cli/
// tracking_cases.json directly, with test_cli.py's comparison rules (1e-9 relative numbers).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/cli_json.h"

namespace mlviz {
Json TrackingCommand(const Json& input);
}

using namespace mlviz;

namespace {

void Compare(const Json& e, const Json& a, const std::string& path)
{
    INFO(path);
    if (e.is_number()) {
        REQUIRE(a.is_number());
        const double x = e.get<double>(), y = a.get<double>();
        CHECK(std::fabs(x - y) <= std::max(1e-9 * std::max(std::fabs(x), std::fabs(y)), 1e-12));
    } else if (e.is_array()) {
        REQUIRE(a.is_array());
        REQUIRE(a.size() == e.size());
        for (std::size_t i = 0; i < e.size(); ++i) Compare(e[i], a[i], path + "[" + std::to_string(i) + "]");
    } else if (e.is_object()) {
        for (const auto& [k, v] : e.items()) {
            REQUIRE(a.contains(k));
            Compare(v, a[k], path + "." + k);
        }
    } else {
        CHECK(e == a);
    }
}

} // namespace

TEST_CASE("tracking CLI cases run through TrackingCommand", "[tracking]")
{
    std::ifstream f(MLVIZ_SOURCE_DIR "/tests/topics/tracking/cli/tracking_cases.json");
    REQUIRE(f.good());
    const Json cases = Json::parse(f);
    int ran = 0;
    for (const Json& c : cases) {
        INFO(c["name"].get<std::string>());
        Json input;
        int code = 0;
        std::string error;
        if (c["input"].is_string()) {
            input = Json::parse(c["input"].get<std::string>(), nullptr, false);
            if (input.is_discarded()) code = 2;
        } else {
            input = c["input"];
        }
        Json out;
        if (code == 0) {
            try {
                out = TrackingCommand(input);
            } catch (const CliInputError& e) {
                code = 2;
                error = e.Message;
            }
        }
        CHECK(code == c["exit"].get<int>());
        if (c.contains("error_contains")) CHECK(error.find(c["error_contains"].get<std::string>()) != std::string::npos);
        if (c.contains("expect") && code == 0) Compare(c["expect"], out, "output");
        ++ran;
    }
    CHECK(ran >= 15);
}
