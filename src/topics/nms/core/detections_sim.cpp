#include "topics/nms/core/detections_sim.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "core/random.h"
#include "core/assets.h"
#include "core/message.h"

namespace mlviz {

namespace {

// A box of centre (cx, cy) and size (w, h), clipped to the scene and at least 1 px on a side.
Box ClippedBox(double cx, double cy, double w, double h, float width, float height)
{
    w = std::clamp(w, 1.0, static_cast<double>(width));
    h = std::clamp(h, 1.0, static_cast<double>(height));
    cx = std::clamp(cx, w * 0.5, width - w * 0.5);
    cy = std::clamp(cy, h * 0.5, height - h * 0.5);
    return Box{static_cast<float>(cx - w * 0.5), static_cast<float>(cy - h * 0.5), static_cast<float>(cx + w * 0.5),
               static_cast<float>(cy + h * 0.5)};
}

DetectionScene CrowdScene()
{
    DetectionScene s;
    s.ClassNames = {"person", "car"};
    s.Objects = {
        {{250.0f, 120.0f, 350.0f, 400.0f}, 0}, // the crowd pair: IoU 24640 / 32560 = 0.757
        {{262.0f, 112.0f, 362.0f, 404.0f}, 0},
        {{480.0f, 160.0f, 560.0f, 400.0f}, 0},
        {{30.0f, 300.0f, 220.0f, 410.0f}, 1},
    };
    return s;
}

DetectionScene RandomScene(int objects, int classes, std::uint32_t seed)
{
    DetectionScene s;
    classes = std::clamp(classes, 1, kSimMaxClasses);
    for (int c = 0; c < classes; ++c) s.ClassNames.push_back("class " + std::to_string(c + 1));
    std::mt19937 rng(seed * 2654435761u + 12345u); // a stream apart from the candidates'
    for (int i = 0; i < std::clamp(objects, 1, kSimMaxObjects); ++i) {
        const double w = Uniform(rng, 40.0, 200.0), h = w * std::exp(Uniform(rng, -0.7, 0.7));
        const Box b = ClippedBox(Uniform(rng, 0.0, s.Width), Uniform(rng, 0.0, s.Height), w, h, s.Width, s.Height);
        s.Objects.push_back({b, UniformInt(rng, classes)});
    }
    return s;
}

} // namespace

Result<DetectionScene> ParseBoxesTsv(std::string_view text, float width, float height)
{
    DetectionScene s;
    s.Width = width;
    s.Height = height;
    std::istringstream in{std::string(text)};
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string name;
        Box b;
        if (!std::getline(fields, name, '\t') || !(fields >> b.X1 >> b.Y1 >> b.X2 >> b.Y2))
            return Result<DetectionScene>::Fail(
                Msg("%s: %s", Msg("TSV рамок, строка %d", line_no), Msg("ожидаются class, x1, y1, x2, y2")));
        const Message why = ValidateBox(b);
        if (!why.Empty()) return Result<DetectionScene>::Fail(Msg("%s: %s", Msg("TSV рамок, строка %d", line_no), why));
        const auto it = std::find(s.ClassNames.begin(), s.ClassNames.end(), name);
        const int cls = static_cast<int>(it - s.ClassNames.begin());
        if (it == s.ClassNames.end()) s.ClassNames.push_back(name);
        s.Objects.push_back({b, cls});
    }
    return s;
}

DetectionScene MakeDetectionScene(SimSceneKind kind, int objects, int classes, std::uint32_t seed)
{
    switch (kind) {
    case SimSceneKind::Street: {
        const auto parsed = ParseBoxesTsv(FindAsset(TextAssets(), "assets/images/street_scene_boxes.tsv"), 640.0f, 480.0f);
        return parsed ? parsed.Value() : DetectionScene{};
    }
    case SimSceneKind::Random: return RandomScene(objects, classes, seed);
    default: return CrowdScene();
    }
}

SimulatedDetections SimulateDetections(const DetectionScene& scene, const DetectionSimConfig& c)
{
    SimulatedDetections out;
    std::mt19937 rng(c.Seed);
    const int per_object = std::clamp(c.BoxesPerObject, 1, kSimMaxBoxesPerObject);
    const int classes = std::max(1, static_cast<int>(scene.ClassNames.size()));
    const double pos = std::clamp(c.PositionJitter, 0.0, 1.0), size = std::clamp(c.SizeJitter, 0.0, 1.0);
    const double noise = std::clamp(c.ScoreNoise, 0.0, 1.0), confusion = std::clamp(c.ClassConfusion, 0.0, 1.0);
    const auto wrong_class = [&](int cls) {
        if (classes < 2 || Uniform01(rng) >= confusion) return cls;
        return (cls + 1 + UniformInt(rng, classes - 1)) % classes; // any class but the true one
    };
    for (std::size_t o = 0; o < scene.Objects.size(); ++o) {
        const Box& g = scene.Objects[o].Bounds;
        const double w = g.Width(), h = g.Height();
        // Some objects are simply easier (visible, typical): their whole cluster scores higher.
        const double confidence = Uniform(rng, 0.8, 1.0);
        for (int k = 0; k < per_object; ++k) {
            const double cx = g.CenterX() + pos * w * StandardNormal(rng);
            const double cy = g.CenterY() + pos * h * StandardNormal(rng);
            const Box b = ClippedBox(cx, cy, w * std::exp(size * StandardNormal(rng)), h * std::exp(size * StandardNormal(rng)),
                                     scene.Width, scene.Height);
            // Better-localised candidates score higher, as a trained detector's do.
            const double s = confidence * (0.3 + 0.7 * IoU(b, g)) + noise * StandardNormal(rng);
            out.Boxes.push_back(b);
            out.Scores.push_back(static_cast<float>(std::clamp(s, 0.01, 0.99)));
            out.Classes.push_back(wrong_class(scene.Objects[o].Class));
            out.Source.push_back(static_cast<int>(o));
        }
    }
    for (int k = 0; k < std::clamp(c.FalsePositives, 0, kSimMaxFalsePositives); ++k) {
        const double w = Uniform(rng, 25.0, 160.0), h = w * std::exp(Uniform(rng, -0.8, 0.8));
        out.Boxes.push_back(
            ClippedBox(Uniform(rng, 0.0, scene.Width), Uniform(rng, 0.0, scene.Height), w, h, scene.Width, scene.Height));
        out.Scores.push_back(static_cast<float>(std::clamp(Uniform(rng, 0.02, 0.45) + noise * StandardNormal(rng), 0.01, 0.99)));
        out.Classes.push_back(UniformInt(rng, classes));
        out.Source.push_back(-1);
    }
    return out;
}

} // namespace mlviz
