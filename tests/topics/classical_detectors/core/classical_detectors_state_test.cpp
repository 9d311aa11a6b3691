// classical_detectors state <-> URL fragment (core/classical_detectors_state.h): the defaults
// encode to nothing, enums travel by name, bad values clamp with a notice, a link opens paused,
// and the keypoints tab's comparison takes the active transform's own amount.
#include <catch2/catch.hpp>

#include "core/deeplink.h"
#include "topics/classical_detectors/core/classical_detectors_state.h"

using namespace mlviz;

namespace {

ClassicalDetectorsState Decode(const std::string& fragment, std::vector<Message>* notices = nullptr)
{
    ClassicalDetectorsState s;
    s.Playing = true;
    auto n = ClassicalDetectorsCodec().Decode(ParseKeyValues(fragment), s);
    if (notices) *notices = n;
    return s;
}

} // namespace

TEST_CASE("classical_detectors state: defaults, names and round trips", "[classical_detectors]")
{
    const auto& codec = ClassicalDetectorsCodec();
    CHECK(codec.Encode(ClassicalDetectorsState()).empty());
    const std::string link = "tab=keypoints&photo=coffee&transform=scale&zoom=0.75&show=sift";
    const ClassicalDetectorsState s = Decode(link);
    CHECK(s.Tab == static_cast<int>(CdTab::Keypoints));
    CHECK(s.Photo == static_cast<int>(CdPhoto::Coffee));
    CHECK(s.Transform == static_cast<int>(TransformKind::Scale));
    CHECK(s.Zoom == 0.75);
    CHECK(s.Show == static_cast<int>(CdShow::Sift));
    CHECK_FALSE(s.Playing); // a link opens paused
    CHECK(codec.Encode(s) == link);
    CHECK(std::string(CdPhotoFile(CdPhoto::Chelsea)) == "images/chelsea.png");
}

TEST_CASE("classical_detectors state: out-of-range values clamp with one notice each", "[classical_detectors]")
{
    std::vector<Message> notices;
    const ClassicalDetectorsState s = Decode("scale=1.001&neighbors=500&angle=nan&tab=hog&rw=99", &notices);
    CHECK(s.ScaleFactor == 1.05); // the view's pyramid stays within a few seconds
    CHECK(s.MinNeighbors == 20);
    CHECK(s.Angle == ClassicalDetectorsState().Angle);
    CHECK(s.Tab == ClassicalDetectorsState().Tab);
    CHECK(s.RectW == kCdSmallSide);
    CHECK(notices.size() == 5);
}

TEST_CASE("classical_detectors state: the comparison uses the active transform's amount", "[classical_detectors]")
{
    ClassicalDetectorsState s;
    s.Angle = -45.0;
    s.Zoom = 1.25;
    s.Blur = 3.0;
    s.Noise = 12.0;
    s.Brightness = -40.0;
    s.Seed = 9;
    const double want[] = {-45.0, 1.25, 3.0, 12.0, -40.0};
    for (int k = 0; k < static_cast<int>(TransformKind::Count); ++k) {
        s.Transform = k;
        const CompareOptions o = CdCompareOptions(s);
        CHECK(static_cast<int>(o.Transform.Kind) == k);
        CHECK(o.Transform.Amount == want[k]);
        CHECK(ValidateCompareOptions(o));
    }
    CHECK(CdCompareOptions(s).Transform.Seed == 9u);
    CHECK_FALSE(CdCompareOptions(s).Sift.KeepScaleSpace); // the view keeps only keypoints and descriptors
}
