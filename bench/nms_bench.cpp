// Greedy NMS timings on 1 000, 5 000 and 10 000 boxes (median of several runs), beside
// torchvision.ops.nms on the same boxes when /usr/bin/python3 has torchvision, with a check
// that both keep exactly the same boxes in the same order. Prints one JSON document.
// Usage: nms_bench [--runs N] [--no-torch] [--script tools/nms_torchvision_bench.py]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "topics/nms/core/nms.h"

using namespace mlviz;
using Json = nlohmann::json;

namespace {

struct Scene {
    std::vector<Box> Boxes;
    std::vector<float> Scores;
};

double Uniform01(std::mt19937& rng)
{
    return (static_cast<double>(rng()) + 0.5) / 4294967296.0;
}

double StandardNormal(std::mt19937& rng)
{
    const double u1 = Uniform01(rng), u2 = Uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

// "uniform": boxes of side 10..100 anywhere in 1000 x 1000 (torchvision's own benchmark style).
// "detector": clusters of 20 jittered candidates around objects, as a detector's raw output.
Scene MakeScene(const std::string& kind, int n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    Scene s;
    if (kind == "uniform") {
        for (int i = 0; i < n; ++i) {
            const float x = static_cast<float>(1000.0 * Uniform01(rng)), y = static_cast<float>(1000.0 * Uniform01(rng));
            const float w = static_cast<float>(10.0 + 90.0 * Uniform01(rng)),
                        h = static_cast<float>(10.0 + 90.0 * Uniform01(rng));
            s.Boxes.push_back({x, y, x + w, y + h});
            s.Scores.push_back(static_cast<float>(Uniform01(rng)));
        }
        return s;
    }
    while (static_cast<int>(s.Boxes.size()) < n) {
        const double cx = 2000.0 * Uniform01(rng), cy = 2000.0 * Uniform01(rng);
        const double w = 20.0 + 150.0 * Uniform01(rng), h = 20.0 + 150.0 * Uniform01(rng);
        for (int k = 0; k < 20 && static_cast<int>(s.Boxes.size()) < n; ++k) {
            const double x = cx + 0.08 * w * StandardNormal(rng), y = cy + 0.08 * h * StandardNormal(rng);
            const double ww = w * std::exp(0.1 * StandardNormal(rng)), hh = h * std::exp(0.1 * StandardNormal(rng));
            s.Boxes.push_back({static_cast<float>(x - ww / 2), static_cast<float>(y - hh / 2), static_cast<float>(x + ww / 2),
                               static_cast<float>(y + hh / 2)});
            s.Scores.push_back(static_cast<float>(Uniform01(rng)));
        }
    }
    return s;
}

double Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Runs the torchvision script on the scene; null JSON when python or torchvision is missing.
Json RunTorchvision(const std::string& script, const Scene& s, double thr, int runs)
{
    const std::string path = "/tmp/mlviz_nms_bench_" + std::to_string(::getpid()) + ".bin";
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return nullptr;
    const std::int32_t n = static_cast<std::int32_t>(s.Boxes.size());
    std::fwrite(&n, sizeof n, 1, f);
    for (const Box& b : s.Boxes) {
        const float v[4] = {b.X1, b.Y1, b.X2, b.Y2};
        std::fwrite(v, sizeof(float), 4, f);
    }
    std::fwrite(s.Scores.data(), sizeof(float), s.Scores.size(), f);
    std::fclose(f);
    const std::string cmd =
        "/usr/bin/python3 '" + script + "' '" + path + "' " + std::to_string(thr) + " " + std::to_string(runs) + " 2>/dev/null";
    FILE* p = ::popen(cmd.c_str(), "r");
    std::string out;
    if (p) {
        char buf[65536];
        std::size_t got;
        while ((got = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
        ::pclose(p);
    }
    std::remove(path.c_str());
    const Json j = Json::parse(out, nullptr, false);
    return j.is_object() && j.contains("median_ms") ? j : Json(nullptr);
}

} // namespace

int main(int argc, char** argv)
{
    int runs = 15;
    bool torch = true;
    // CMake compiles this file by absolute path, so the tools folder is found beside bench/.
    std::string script = std::string(__FILE__);
    script = script.substr(0, script.find_last_of('/') + 1) + "../tools/nms_torchvision_bench.py";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--no-torch"))
            torch = false;
        else if (!std::strcmp(argv[i], "--script") && i + 1 < argc)
            script = argv[++i];
        else {
            std::fprintf(stderr, "usage: nms_bench [--runs N] [--no-torch] [--script PATH]\n");
            return 2;
        }
    }
    const double thr = 0.5;
    Json results = Json::array();
    bool torch_missing = false;
    for (const std::string kind : {"uniform", "detector"}) {
        for (int n : {1000, 5000, 10000}) {
            const Scene s = MakeScene(kind, n, 42u + static_cast<std::uint32_t>(n));
            std::vector<double> times;
            std::vector<int> keep;
            for (int r = 0; r < runs + 1; ++r) { // the first run warms caches and is not counted
                const auto t0 = std::chrono::steady_clock::now();
                keep = GreedyNms(s.Boxes, s.Scores, thr);
                const auto t1 = std::chrono::steady_clock::now();
                if (r > 0) times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            }
            Json row = {
                {"boxes", kind}, {"n", n}, {"iou_threshold", thr}, {"kept", keep.size()}, {"mlviz_median_ms", Median(times)}};
            if (torch && !torch_missing) {
                const Json tv = RunTorchvision(script, s, thr, runs);
                if (tv.is_null()) {
                    torch_missing = true;
                } else {
                    row["torchvision_median_ms"] = tv["median_ms"];
                    row["torchvision_version"] = tv["torchvision"];
                    row["same_keep_as_torchvision"] = tv["keep"].get<std::vector<int>>() == keep;
                    row["speedup"] = tv["median_ms"].get<double>() / std::max(1e-9, Median(times));
                }
            }
            results.push_back(row);
        }
    }
    Json out = {{"benchmark", "greedy NMS (GreedyNms) vs torchvision.ops.nms, CPU, float32, single thread"},
                {"runs", runs},
                {"results", results}};
    if (torch && torch_missing) out["torchvision"] = "not available (apt-get install python3-torchvision)";
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
}
