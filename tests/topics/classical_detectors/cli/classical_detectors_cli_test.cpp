// The classical_detectors CLI function on the photos through file paths, against OpenCV's
// numbers (the JSON cases, classical_detectors_cases.json, run through the binary in test_cli.py).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "cli/cli_json.h"
#include "topics/classical_detectors/core/test_data.h"

namespace mlviz {
Json ClassicalDetectorsCommand(const Json& input); // the registered command (topic_table.inc)
}

using namespace mlviz;

namespace {

Json Run(const Json& in, std::string* error = nullptr)
{
    try {
        return ClassicalDetectorsCommand(in);
    } catch (const CliInputError& e) {
        if (error) *error = e.Message;
        return Json();
    }
}

} // namespace

TEST_CASE("cli: photos by path give OpenCV's detections and corners", "[classical_detectors]")
{
    const std::string astronaut = cd_test::DataPath("images/astronaut.png");
    const std::string cascade = cd_test::DataPath("cascades/haarcascade_frontalface_default.xml");
    const Json det = Run({{"op", "haar_detect"}, {"image", astronaut}, {"cascade", cascade}});
    // cv2.CascadeClassifier.detectMultiScale(grey, 1.1, 3) on astronaut (OpenCV 4.6.0)
    CHECK(det["boxes"] == Json::parse("[[177, 66, 95, 95]]"));
    REQUIRE(det["stage_rejections"].size() == 25);
    long long rejected = det["flat_windows"].get<long long>() + det["candidate_count"].get<long long>();
    for (const Json& n : det["stage_rejections"]) rejected += n.get<long long>();
    CHECK(rejected == det["windows"].get<long long>());
    // cv2.FastFeatureDetector_create(20, True): 1872 corners on astronaut
    const Json fast = Run({{"op", "fast"}, {"image", astronaut}, {"threshold", 20}});
    CHECK(fast["count"] == 1872);
    CHECK(fast["keypoints"][0].size() == 3);
    const Json orb = Run({{"op", "orb"}, {"image", astronaut}, {"descriptors", true}});
    REQUIRE(orb["count"].get<int>() >= 495);
    CHECK(orb["keypoints"][0][0] == static_cast<int>(std::nearbyint(orb["keypoints"][0][2].get<double>())));
    CHECK(orb["descriptors"][0].get<std::string>().size() == 64);
    std::string error;
    Run({{"op", "sift"}, {"image", astronaut}, {"features", 0}, {"sigma", 1.6}, {"layers", 3}, {"threshold", 0.04}}, &error);
    CHECK(error.empty());
    Run({{"op", "haar_detect"}, {"image", astronaut}, {"cascade", "/nonexistent.xml"}}, &error);
    CHECK(error.find("field 'cascade'") != std::string::npos);
    // 512 x 512 at scale factor 1.01: ~3.3 million windows, over the CLI's bound.
    error.clear();
    Run({{"op", "haar_detect"}, {"image", astronaut}, {"cascade", cascade}, {"scale_factor", 1.01}}, &error);
    CHECK(error.find("windows to scan") != std::string::npos);
}
