// What the CLI cases file (segmentation_cases.json, run on the binary by tests/cli/test_cli.py)
// cannot say compactly: a grid past the cell budget is refused before any work, and the scene op
// returns the full 96x64 maps of the core's scene and prediction.
#include <catch2/catch.hpp>

#include "cli/commands.h"

using namespace mlviz;

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
