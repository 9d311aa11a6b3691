// The segmentation CLI function on tests/topics/segmentation/cli/segmentation_cases.json, matched
// like tests/cli/test_cli.py does (objects as subsets, arrays of equal length, numbers to 1e-9
// relative / 1e-12 absolute, error messages by substring), called in-process so the cases run
// before the command is registered in mlviz-cli. Malformed-JSON cases need the binary: skipped.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/cli_json.h"

namespace mlviz {
Json SegmentationCommand(const Json& input);
} // namespace mlviz

using namespace mlviz;

namespace {

std::string Mismatch(const Json& want, const Json& got, const std::string& path)
{
    if (want.is_object()) {
        if (!got.is_object()) return path + ": expected an object";
        for (const auto& [k, v] : want.items()) {
            if (!got.contains(k)) return path + "." + k + ": missing";
            const std::string m = Mismatch(v, got[k], path + "." + k);
            if (!m.empty()) return m;
        }
        return "";
    }
    if (want.is_array()) {
        if (!got.is_array() || got.size() != want.size()) return path + ": expected an array of " + std::to_string(want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            const std::string m = Mismatch(want[i], got[i], path + "[" + std::to_string(i) + "]");
            if (!m.empty()) return m;
        }
        return "";
    }
    if (want.is_number() && !want.is_boolean()) {
        if (!got.is_number()) return path + ": expected a number, got " + got.dump();
        const double a = want.get<double>(), b = got.get<double>();
        const double tol = std::max(1e-12, 1e-9 * std::fabs(a));
        return std::fabs(a - b) <= tol ? "" : path + ": expected " + want.dump() + ", got " + got.dump();
    }
    return want == got ? "" : path + ": expected " + want.dump() + ", got " + got.dump();
}

} // namespace

TEST_CASE("segmentation cli: the cases file, in process", "[segmentation]")
{
    std::ifstream f(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics/segmentation/cli/segmentation_cases.json");
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    const Json cases = Json::parse(ss.str());
    REQUIRE(cases.size() > 40);
    for (const Json& c : cases) {
        if (c["input"].is_string()) continue;   // raw text for the JSON parser of the binary
        INFO(c["name"].get<std::string>());
        const int exit_code = c["exit"].get<int>();
        try {
            const Json out = SegmentationCommand(c["input"]);
            CHECK(exit_code == 0);
            if (c.contains("expect")) CHECK(Mismatch(c["expect"], out, "output") == "");
        } catch (const CliInputError& e) {
            INFO("error: " << e.Message);
            CHECK(exit_code == 2);
            if (c.contains("error_contains")) CHECK(e.Message.find(c["error_contains"].get<std::string>()) != std::string::npos);
        }
    }
}

TEST_CASE("segmentation cli: a grid beyond the cell budget is refused before any work", "[segmentation]")
{
    Json row = Json::array();
    for (int x = 0; x < 1001; ++x) row.push_back(0);
    Json grid = Json::array();
    for (int y = 0; y < 1000; ++y) grid.push_back(row);
    const Json in = {{"op", "semantic_metrics"}, {"gt", grid}, {"pred", grid}, {"num_classes", 1}};
    try {
        SegmentationCommand(in);
        FAIL("accepted");
    } catch (const CliInputError& e) {
        CHECK(e.Message.find("at most 1000000 cells") != std::string::npos);
    }
}

TEST_CASE("segmentation cli: the scene op reproduces the core's scene and prediction", "[segmentation]")
{
    const Json out = SegmentationCommand({{"op", "scene"}, {"seed", 5}, {"perturb", {{"false_positives", 2}, {"seed", 3}}}});
    CHECK(out["semantic"].size() == 64);
    CHECK(out["semantic"][0].size() == 96);
    CHECK(out["prediction"]["instances"].size() == out["instances"].size() + 2);
    for (const Json& s : out["prediction"]["instances"]) {
        CHECK(s["score"].get<double>() >= 0.01);
        CHECK(s["score"].get<double>() <= 0.99);
    }
}
