// Core timings of the classical_detectors topic for mlviz-bench (bench/frame/core_bench.h): the
// whole Viola-Jones pyramid on the 512 x 512 astronaut (the view spreads it over frames), the
// integral image, and ORB + SIFT on an image and its rotated copy.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "bench/frame/core_bench.h"
#include "core/image.h"
#include "topics/classical_detectors/core/cascade_detect.h"
#include "topics/classical_detectors/core/compare.h"
#include "topics/classical_detectors/core/integral.h"

namespace mlviz {

namespace {

std::string ReadData(const std::string& rel, const std::string& fallback = {})
{
    std::string dirs[] = {std::getenv("MLVIZ_DATA_DIR") ? std::getenv("MLVIZ_DATA_DIR") : "", "build/data", "build/native/data"};
    for (const std::string& d : dirs) {
        if (d.empty()) continue;
        std::ifstream f(d + "/" + rel, std::ios::binary);
        if (f) return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    if (fallback.empty()) return {};
    std::ifstream f(fallback, std::ios::binary);
    return f ? std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()) : std::string();
}

// The astronaut when the data folder is there, else a textured 512 x 512 stand-in.
GreyImage BenchImage()
{
    if (auto img = DecodeImage(ReadData("images/astronaut.png"))) return GreyFromRgba(img.Value());
    GreyImage g = MakeGreyImage(512, 512);
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x)
            g.At(x, y) = static_cast<std::uint8_t>(128 + 60 * std::sin(x * 0.11) * std::cos(y * 0.07) + ((x * 7 + y * 13) % 31));
    return g;
}

} // namespace

void CoreBench_classical_detectors(CoreBenchList& out)
{
    auto grey = std::make_shared<GreyImage>(BenchImage());
    out.push_back({"classical_detectors", "integral + squared integral, 512 x 512", 9, [grey] {
                       volatile auto v = ComputeIntegral(*grey).Value().Sum.back();
                       (void)v;
                   }});
    auto cascade = ParseHaarCascade(ReadData("cascades/haarcascade_frontalface_default.xml",
                                             "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"));
    if (cascade) {
        auto c = std::make_shared<const HaarCascade>(std::move(cascade.Value()));
        out.push_back(
            {"classical_detectors", "Viola-Jones detectMultiScale 512 x 512, scale 1.1 (all frames' slices)", 3, [grey, c] {
                 auto job = CascadeDetectJob::Start(c, *grey, CascadeOptions{});
                 job.Value().RunToEnd();
                 volatile std::size_t n = job.Value().Detection().Objects.size();
                 (void)n;
             }});
    }
    out.push_back({"classical_detectors", "ORB + SIFT on 512 x 512 and its 30 degree rotation, matched", 2, [grey] {
                       CompareOptions o;
                       o.Sift.KeepScaleSpace = false;
                       auto job = CompareJob::Start(*grey, o);
                       job.Value().RunToEnd();
                       volatile double r = job.Value().Output().Orb.Eval.Repeatability;
                       (void)r;
                   }});
}

} // namespace mlviz
