// The image_processing CLI function in-process, on every case of image_processing_cases.json (the
// file tests/cli/test_cli.py also runs through the binary once the command is registered):
// expected fields match as subsets, numbers to 1e-9 relative, errors by substring.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/cli_json.h"

namespace mlviz {
Json ImageProcessingCommand(const Json& input);
}

using namespace mlviz;

namespace {

// Same rules as compare() in tests/cli/test_cli.py; returns "" or where it differs.
std::string Compare(const Json& expected, const Json& actual, const std::string& path)
{
    if (expected.is_object()) {
        if (!actual.is_object()) return path + ": expected an object";
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            if (!actual.contains(it.key())) return path + "." + it.key() + ": missing";
            const std::string d = Compare(it.value(), actual[it.key()], path + "." + it.key());
            if (!d.empty()) return d;
        }
        return "";
    }
    if (expected.is_array()) {
        if (!actual.is_array() || actual.size() != expected.size()) return path + ": array of another length";
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const std::string d = Compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
            if (!d.empty()) return d;
        }
        return "";
    }
    if (expected.is_number() && !expected.is_boolean()) {
        if (!actual.is_number()) return path + ": expected a number";
        const double e = expected.get<double>(), a = actual.get<double>();
        const bool close = std::fabs(e) < 1e-12 ? std::fabs(a) <= 1e-12 : std::fabs(a - e) <= 1e-9 * std::fabs(e);
        return close ? "" : path + ": " + std::to_string(a) + " != " + std::to_string(e);
    }
    return expected == actual ? "" : path + ": " + actual.dump() + " != " + expected.dump();
}

} // namespace

TEST_CASE("image_processing CLI cases, in-process", "[image_processing]")
{
    std::ifstream f(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics/image_processing/cli/image_processing_cases.json");
    REQUIRE(f);
    std::stringstream ss;
    ss << f.rdbuf();
    const Json cases = Json::parse(ss.str());
    REQUIRE(cases.size() > 50);
    for (const Json& c : cases) {
        const std::string name = c["name"].get<std::string>();
        INFO(name);
        Json out;
        std::string error;
        bool failed = false;
        try {
            out = ImageProcessingCommand(c["input"]);
        } catch (const CliInputError& e) {
            failed = true;
            error = e.Message;
        }
        if (c["exit"].get<int>() == 2) {
            CHECK(failed);
            INFO("error: " << error);
            CHECK(error.find(c["error_contains"].get<std::string>()) != std::string::npos);
        } else {
            INFO("error: " << error);
            REQUIRE_FALSE(failed);
            CHECK(Compare(c["expect"], out, "output") == "");
        }
    }
}
