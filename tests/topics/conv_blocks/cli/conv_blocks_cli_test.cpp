// The conv_blocks CLI cases (tests/topics/conv_blocks/cli/conv_blocks_cases.json) run in process
// through ConvBlocksCommand, with test_cli.py's comparison rules, before the command is registered
// in mlviz-cli (phase 2; then test_cli.py runs the same file through the binary).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/cli_json.h"

namespace mlviz {
Json ConvBlocksCommand(const Json& input);
}

using namespace mlviz;

namespace {

// Objects match as subsets, arrays by length and element, numbers to 1e-9 relative.
std::string Compare(const Json& expected, const Json& actual, const std::string& path)
{
    if (expected.is_object()) {
        if (!actual.is_object()) return path + ": expected an object";
        for (const auto& [k, v] : expected.items()) {
            if (!actual.contains(k)) return path + "." + k + ": missing";
            if (auto why = Compare(v, actual[k], path + "." + k); !why.empty()) return why;
        }
        return {};
    }
    if (expected.is_array()) {
        if (!actual.is_array() || actual.size() != expected.size()) return path + ": array length differs";
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (auto why = Compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]"); !why.empty())
                return why;
        return {};
    }
    if (expected.is_number()) {
        if (!actual.is_number()) return path + ": expected a number";
        const double e = expected.get<double>(), a = actual.get<double>();
        if (std::fabs(e - a) > std::max(1e-12, 1e-9 * std::fabs(e)))
            return path + ": expected " + expected.dump() + ", got " + actual.dump();
        return {};
    }
    return expected == actual ? std::string() : path + ": expected " + expected.dump() + ", got " + actual.dump();
}

} // namespace

TEST_CASE("conv_blocks CLI cases pass through ConvBlocksCommand", "[conv_blocks]")
{
    std::ifstream f(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics/conv_blocks/cli/conv_blocks_cases.json");
    REQUIRE(f.good());
    const Json cases = Json::parse(f);
    REQUIRE(cases.size() > 40);
    int ran = 0;
    for (const Json& c : cases) {
        const std::string name = c["name"].get<std::string>();
        CAPTURE(name);
        if (c["input"].is_string()) continue;   // raw text (malformed JSON): the binary's parser answers
        ++ran;
        std::string error;
        Json out;
        try {
            out = ConvBlocksCommand(c["input"]);
        } catch (const CliInputError& e) {
            error = e.Message;
        }
        if (c["exit"] == 0) {
            CHECK(error.empty());
            if (c.contains("expect")) CHECK(Compare(c["expect"], out, "") == "");
        } else {
            REQUIRE_FALSE(error.empty());
            CHECK_THAT(error, Catch::Contains(c["error_contains"].get<std::string>()));
        }
    }
    CHECK(ran == static_cast<int>(cases.size()) - 1);
}
