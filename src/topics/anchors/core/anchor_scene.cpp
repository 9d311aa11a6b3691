#include "topics/anchors/core/anchor_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

#include "core/random.h"
#include "core/message.h"

namespace mlviz {

namespace {

double LogUniform(std::mt19937& rng, double lo, double hi)
{
    return std::exp(Uniform(rng, std::log(lo), std::log(hi)));
}

Box ClampBox(double x1, double y1, double x2, double y2, double w, double h)
{
    x1 = std::clamp(x1, 0.0, w);
    x2 = std::clamp(x2, 0.0, w);
    y1 = std::clamp(y1, 0.0, h);
    y2 = std::clamp(y2, 0.0, h);
    return Box{static_cast<float>(std::round(x1)), static_cast<float>(std::round(y1)), static_cast<float>(std::round(x2)),
               static_cast<float>(std::round(y2))};
}

} // namespace

std::string_view SceneObjectName(SceneObjectKind k)
{
    switch (k) {
    case SceneObjectKind::Person: return "person";
    case SceneObjectKind::Car: return "car";
    case SceneObjectKind::Tree: return "tree";
    case SceneObjectKind::Ball: return "ball";
    default: return "sign";
    }
}

SceneObjectKind SceneObjectFromName(std::string_view name)
{
    for (int k = 0; k < static_cast<int>(SceneObjectKind::Count); ++k)
        if (SceneObjectName(static_cast<SceneObjectKind>(k)) == name) return static_cast<SceneObjectKind>(k);
    return SceneObjectKind::Sign;
}

std::vector<SceneObject> MakeSyntheticScene(std::uint32_t seed, int count, int width, int height)
{
    std::mt19937 rng(seed);
    const double w = std::max(width, 16), h = std::max(height, 16);
    count = std::clamp(count, 1, 24);
    std::vector<SceneObject> out;
    // The tiny object first: 8-14 px, smaller than the smallest usual anchor (32 px).
    {
        const double s = Uniform(rng, 8.0, 14.0);
        const double cx = Uniform(rng, 0.1 * w, 0.9 * w), cy = Uniform(rng, 0.6 * h, 0.9 * h);
        out.push_back({ClampBox(cx - s / 2, cy - s / 2, cx + s / 2, cy + s / 2, w, h), SceneObjectKind::Ball});
    }
    const SceneObjectKind kinds[] = {SceneObjectKind::Person, SceneObjectKind::Car,    SceneObjectKind::Tree,
                                     SceneObjectKind::Sign,   SceneObjectKind::Person, SceneObjectKind::Car};
    for (int i = 1; i < count; ++i) {
        const SceneObjectKind kind = kinds[static_cast<int>(Uniform01(rng) * 6.0) % 6];
        // Perspective: objects standing lower in the frame are nearer and larger.
        const double depth = Uniform01(rng);
        const double bottom = h * (0.55 + 0.42 * depth);
        const double scale = 0.2 + 0.9 * depth;
        double bw = 0.0, bh = 0.0;
        switch (kind) {
        case SceneObjectKind::Person:
            bh = 0.42 * h * scale * Uniform(rng, 0.8, 1.1);
            bw = bh / Uniform(rng, 2.4, 3.4);
            break;
        case SceneObjectKind::Car:
            bw = 0.34 * w * scale * Uniform(rng, 0.8, 1.15);
            bh = bw / Uniform(rng, 1.7, 2.6);
            break;
        case SceneObjectKind::Tree:
            bh = 0.6 * h * scale * Uniform(rng, 0.8, 1.2);
            bw = bh * Uniform(rng, 0.5, 0.8);
            break;
        default:
            bh = 0.3 * h * scale * Uniform(rng, 0.8, 1.2);
            bw = bh * Uniform(rng, 0.25, 0.4);
            break;
        }
        bw = std::max(bw, 4.0);
        bh = std::max(bh, 4.0);
        const double cx = Uniform(rng, bw / 2, w - bw / 2);
        out.push_back({ClampBox(cx - bw / 2, bottom - bh, cx + bw / 2, bottom, w, h), kind});
    }
    return out;
}

Result<std::vector<SceneObject>> ParseBoxesTsv(std::string_view text)
{
    std::vector<SceneObject> out;
    int line_no = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', start);
            fields.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
            if (tab == std::string_view::npos) break;
            start = tab + 1;
        }
        const Message where = Msg("TSV рамок, строка %d", line_no);
        const auto fail = [&](const Message& why) { return Result<std::vector<SceneObject>>::Fail(Msg("%s: %s", where, why)); };
        if (fields.size() != 5) return fail(Msg("ожидается 5 полей через табуляцию"));
        float v[4];
        for (int i = 0; i < 4; ++i) {
            char* end = nullptr;
            const std::string& f = fields[static_cast<std::size_t>(i) + 1];
            const double d = std::strtod(f.c_str(), &end);
            if (f.empty() || end != f.c_str() + f.size() || !std::isfinite(d)) return fail(Msg("поле %d — не число", i + 2));
            v[i] = static_cast<float>(d);
        }
        const Box b{v[0], v[1], v[2], v[3]};
        if (const Message err = ValidateBox(b); !err.Empty()) return fail(err);
        out.push_back({b, SceneObjectFromName(fields[0])});
    }
    return out;
}

std::vector<AnchorShape> MakeBoxDataset(std::uint32_t seed, int count)
{
    std::mt19937 rng(seed);
    std::vector<AnchorShape> out;
    count = std::clamp(count, 0, 100000);
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const int kind = static_cast<int>(Uniform01(rng) * 5.0);
        double w = 0.0, hgt = 0.0;
        switch (kind) {
        case 0:
            hgt = LogUniform(rng, 20.0, 420.0);
            w = hgt / Uniform(rng, 2.2, 3.4);
            break; // people
        case 1:
            w = LogUniform(rng, 24.0, 560.0);
            hgt = w / Uniform(rng, 1.5, 2.8);
            break; // cars
        case 2:
            hgt = LogUniform(rng, 40.0, 460.0);
            w = hgt * Uniform(rng, 0.5, 0.9);
            break; // trees
        case 3:
            hgt = LogUniform(rng, 16.0, 200.0);
            w = hgt * Uniform(rng, 0.25, 0.45);
            break; // signs
        default: {
            const double s = LogUniform(rng, 6.0, 60.0);
            w = s * Uniform(rng, 0.85, 1.15);
            hgt = s;
            break;
        } // balls
        }
        out.push_back({std::clamp(w, 2.0, 640.0), std::clamp(hgt, 2.0, 480.0)});
    }
    return out;
}

BoxGrip HitBox(const Box& b, double x, double y, double grip)
{
    const bool inside = x >= b.X1 && x <= b.X2 && y >= b.Y1 && y <= b.Y2;
    const bool small = std::min(b.Width(), b.Height()) < 2.5 * grip;
    if (small && inside) return BoxGrip::Move;
    const auto near = [&](double px, double py) { return std::hypot(x - px, y - py) <= grip; };
    if (near(b.X1, b.Y1)) return BoxGrip::TopLeft;
    if (near(b.X2, b.Y1)) return BoxGrip::TopRight;
    if (near(b.X1, b.Y2)) return BoxGrip::BottomLeft;
    if (near(b.X2, b.Y2)) return BoxGrip::BottomRight;
    if (!small) {
        const double e = 0.5 * grip;
        const bool in_x = x >= b.X1 && x <= b.X2, in_y = y >= b.Y1 && y <= b.Y2;
        if (in_y && std::fabs(x - b.X1) <= e) return BoxGrip::Left;
        if (in_y && std::fabs(x - b.X2) <= e) return BoxGrip::Right;
        if (in_x && std::fabs(y - b.Y1) <= e) return BoxGrip::Top;
        if (in_x && std::fabs(y - b.Y2) <= e) return BoxGrip::Bottom;
    }
    return inside ? BoxGrip::Move : BoxGrip::None;
}

int PickBox(std::span<const Box> boxes, int selected, double x, double y, double grip, BoxGrip& grip_out)
{
    grip_out = BoxGrip::None;
    if (selected >= 0 && selected < static_cast<int>(boxes.size())) {
        const BoxGrip g = HitBox(boxes[static_cast<std::size_t>(selected)], x, y, grip);
        if (g != BoxGrip::None && g != BoxGrip::Move) {
            grip_out = g;
            return selected;
        }
    }
    int best = -1;
    double best_area = 0.0;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        if (!(x >= b.X1 && x <= b.X2 && y >= b.Y1 && y <= b.Y2)) continue;
        const double area = static_cast<double>(b.Width()) * b.Height();
        if (best < 0 || area < best_area) {
            best = static_cast<int>(i);
            best_area = area;
        }
    }
    if (best >= 0) {
        grip_out = HitBox(boxes[static_cast<std::size_t>(best)], x, y, grip);
        if (grip_out == BoxGrip::None) grip_out = BoxGrip::Move;
        return best;
    }
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const BoxGrip g = HitBox(boxes[i], x, y, grip);
        if (g != BoxGrip::None) {
            grip_out = g;
            return static_cast<int>(i);
        }
    }
    return -1;
}

Box DragBox(const Box& start, BoxGrip grip, double dx, double dy, double w, double h, double min_side)
{
    if (!std::isfinite(dx)) dx = 0.0;
    if (!std::isfinite(dy)) dy = 0.0;
    min_side = std::clamp(min_side, 0.0, std::min(w, h));
    double x1 = start.X1, y1 = start.Y1, x2 = start.X2, y2 = start.Y2;
    if (grip == BoxGrip::Move) {
        dx = std::clamp(dx, -x1, w - x2);
        dy = std::clamp(dy, -y1, h - y2);
        return Box{static_cast<float>(x1 + dx), static_cast<float>(y1 + dy), static_cast<float>(x2 + dx),
                   static_cast<float>(y2 + dy)};
    }
    const bool left = grip == BoxGrip::Left || grip == BoxGrip::TopLeft || grip == BoxGrip::BottomLeft;
    const bool right = grip == BoxGrip::Right || grip == BoxGrip::TopRight || grip == BoxGrip::BottomRight;
    const bool top = grip == BoxGrip::Top || grip == BoxGrip::TopLeft || grip == BoxGrip::TopRight;
    const bool bottom = grip == BoxGrip::Bottom || grip == BoxGrip::BottomLeft || grip == BoxGrip::BottomRight;
    if (left) x1 = std::clamp(x1 + dx, 0.0, std::max(0.0, x2 - min_side));
    if (right) x2 = std::clamp(x2 + dx, std::min(w, x1 + min_side), w);
    if (top) y1 = std::clamp(y1 + dy, 0.0, std::max(0.0, y2 - min_side));
    if (bottom) y2 = std::clamp(y2 + dy, std::min(h, y1 + min_side), h);
    return Box{static_cast<float>(x1), static_cast<float>(y1), static_cast<float>(x2), static_cast<float>(y2)};
}

} // namespace mlviz
