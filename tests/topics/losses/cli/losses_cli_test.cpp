// LossesCommand in process on every case of losses_cases.json, with test_cli.py's rules (exit 0 answers match
// "expect" as a subset, numbers to 1e-9 relative / 1e-12 absolute; exit 2 is a CliInputError containing
// "error_contains"), so the cases are known good before the command is registered in mlviz-cli.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_json.h"

namespace mlviz {
Json LossesCommand(const Json& input);
}

using namespace mlviz;

namespace {

// Empty when `actual` matches `expected` as test_cli.py's compare() does, else where it differs.
std::string Compare(const Json& expected, const Json& actual, const std::string& path)
{
    if (expected.is_object()) {
        if (!actual.is_object()) return path + ": not an object";
        for (const auto& [key, value] : expected.items()) {
            if (!actual.contains(key)) return path + "." + key + ": missing";
            if (std::string d = Compare(value, actual[key], path + "." + key); !d.empty()) return d;
        }
        return {};
    }
    if (expected.is_array()) {
        if (!actual.is_array() || actual.size() != expected.size()) return path + ": array length differs";
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (std::string d = Compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]"); !d.empty())
                return d;
        return {};
    }
    if (expected.is_number() && !expected.is_boolean()) {
        if (!actual.is_number()) return path + ": not a number: " + actual.dump();
        const double e = expected.get<double>(), a = actual.get<double>();
        if (std::fabs(a - e) > std::max(1e-9 * std::fabs(e), 1e-12))
            return path + ": " + std::to_string(a) + " vs expected " + std::to_string(e);
        return {};
    }
    return expected == actual ? std::string() : path + ": " + actual.dump() + " vs expected " + expected.dump();
}

} // namespace

TEST_CASE("losses: CLI cases pass through LossesCommand", "[losses]")
{
    std::ifstream f(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics/losses/cli/losses_cases.json");
    REQUIRE(f.good());
    const Json cases = Json::parse(f);
    REQUIRE(cases.size() >= 60);
    for (const Json& c : cases) {
        const std::string name = c.at("name").get<std::string>();
        INFO(name);
        REQUIRE(c.at("args") == Json::array({"losses"}));
        const int exit_code = c.at("exit").get<int>();
        Json input;
        bool parsed = true;
        if (c.at("input").is_string()) {
            try {
                input = Json::parse(c.at("input").get<std::string>());
            } catch (const Json::exception&) {
                parsed = false;   // malformed JSON: the CLI's reader answers exit 2 before any command runs
            }
        } else {
            input = c.at("input");
        }
        if (!parsed) {
            CHECK(exit_code == 2);
            continue;
        }
        try {
            const Json out = LossesCommand(input);
            CHECK(exit_code == 0);
            if (c.contains("expect")) {
                const std::string diff = Compare(c.at("expect"), out, "output");
                INFO(diff);
                CHECK(diff.empty());
            }
        } catch (const CliInputError& e) {
            INFO("error: " << e.Message);
            CHECK(exit_code == 2);
            if (c.contains("error_contains"))
                CHECK(e.Message.find(c.at("error_contains").get<std::string>()) != std::string::npos);
        }
    }
}
