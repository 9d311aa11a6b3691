// The classical_detectors CLI function before its registration: every case of
// classical_detectors_cases.json (the same subset matching as tests/cli/test_cli.py) and the
// photos through file paths, against OpenCV's numbers.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "cli/cli_json.h"
#include "topics/classical_detectors/core/test_data.h"

namespace mlviz {
Json ClassicalDetectorsCommand(const Json& input);   // registered by the lead in phase 2
}

using namespace mlviz;

namespace {

bool Matches(const Json& got, const Json& want, std::string& where)
{
    if (want.is_object()) {
        if (!got.is_object()) return false;
        for (const auto& [k, v] : want.items()) {
            if (!got.contains(k)) {
                where += "." + k + " missing";
                return false;
            }
            where += "." + k;
            if (!Matches(got[k], v, where)) return false;
            where.resize(where.size() - k.size() - 1);
        }
        return true;
    }
    if (want.is_array()) {
        if (!got.is_array() || got.size() != want.size()) return false;
        for (std::size_t i = 0; i < want.size(); ++i)
            if (!Matches(got[i], want[i], where)) return false;
        return true;
    }
    if (want.is_number()) {
        if (!got.is_number()) return false;
        const double a = got.get<double>(), b = want.get<double>();
        return std::fabs(a - b) <= std::max(1e-12, 1e-9 * std::fabs(b));
    }
    return got == want;
}

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

TEST_CASE("cli: classical_detectors cases file through the command function", "[classical_detectors]")
{
    std::ifstream f(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics/classical_detectors/cli/classical_detectors_cases.json");
    REQUIRE(f);
    const Json cases = Json::parse(f);
    REQUIRE(cases.size() > 20);
    for (const Json& c : cases) {
        if (c["input"].is_string()) continue;   // malformed JSON: cli.cpp's job
        INFO(c["name"].get<std::string>());
        std::string error;
        const Json out = Run(c["input"], &error);
        if (c["exit"] == 0) {
            REQUIRE(error.empty());
            std::string where;
            if (c.contains("expect")) {
                const bool ok = Matches(out, c["expect"], where);
                INFO("got " << out.dump().substr(0, 400) << " at " << where);
                CHECK(ok);
            }
        } else {
            CHECK_FALSE(error.empty());
            if (c.contains("error_contains"))
                CHECK(error.find(c["error_contains"].get<std::string>()) != std::string::npos);
        }
    }
}

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
