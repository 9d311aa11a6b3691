// Simulated video and detector for the tracking topic (see trk_sim.h).
#include "topics/tracking/core/trk_sim.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;

double Overlap(const BoxD& a, const BoxD& b)
{
    const double w = std::min(a.X2, b.X2) - std::max(a.X1, b.X1), h = std::min(a.Y2, b.Y2) - std::max(a.Y1, b.Y1);
    return w > 0.0 && h > 0.0 ? w * h : 0.0;
}

int Poisson(std::mt19937& rng, double lambda)
{
    const double limit = std::exp(-lambda);
    double p = 1.0;
    int k = 0;
    do {
        ++k;
        p *= Uniform01(rng);
    } while (p > limit && k < 60);
    return k - 1;
}

} // namespace

Message ValidateTrackingSim(const TrackingSimConfig& c)
{
    if (c.Objects < 2 || c.Objects > 30) return Msg("число объектов должно быть в [%d, %d]", 2, 30);
    if (c.Frames < 2 || c.Frames > 1000) return Msg("число кадров должно быть в [%d, %d]", 2, 1000);
    if (c.Width < 64 || c.Width > 4096 || c.Height < 64 || c.Height > 4096)
        return Msg("размер кадра должен быть в [%d, %d]", 64, 4096);
    if (!(c.Speed >= 0.0 && c.Speed <= 30.0)) return Msg("скорость должна быть в [0, 30] пикселей за кадр");
    if (!(c.TurnRate >= 0.0 && c.TurnRate <= 1.0)) return Msg("частота поворотов должна быть в [0, 1]");
    if (!(c.MissRate >= 0.0 && c.MissRate <= 1.0)) return Msg("доля пропусков должна быть в [0, 1]");
    if (!(c.FalsePositives >= 0.0 && c.FalsePositives <= 10.0)) return Msg("ложных срабатываний на кадр должно быть в [0, 10]");
    if (!(c.JitterPx >= 0.0 && c.JitterPx <= 30.0)) return Msg("дрожание рамок должно быть в [0, 30] пикселей");
    if (!(c.OcclusionMiss >= 0.0 && c.OcclusionMiss <= 1.0)) return Msg("порог видимости должен быть в [0, 1]");
    return {};
}

Result<TrackingVideo> TrackingVideo::Make(const TrackingSimConfig& c)
{
    if (Message m = ValidateTrackingSim(c); !m.Empty()) return Result<TrackingVideo>::Fail(m);
    TrackingVideo v;
    v.Config_ = c;
    std::mt19937 rng(c.Seed);
    const double W = c.Width, H = c.Height;
    struct Mover {
        double X, Y, W, H, Heading, Speed, Omega = 0.0;
        int Turning = 0;
    };
    std::vector<Mover> movers;
    for (int o = 0; o < c.Objects; ++o) {
        Mover m;
        m.W = std::min(Uniform(rng, 0.045, 0.095) * W, 0.3 * W);
        m.H = std::min(m.W * Uniform(rng, 1.8, 2.6), 0.4 * H);
        m.X = Uniform(rng, 0.0, W - m.W);
        m.Y = Uniform(rng, 0.0, H - m.H);
        m.Heading = Uniform(rng, 0.0, 2.0 * kPi);
        m.Speed = c.Speed * Uniform(rng, 0.6, 1.4);
        movers.push_back(m);
    }
    v.Boxes_.assign(c.Frames, {});
    for (int k = 0; k < c.Frames; ++k) {
        for (Mover& m : movers) {
            v.Boxes_[k].push_back({m.X, m.Y, m.X + m.W, m.Y + m.H});
            const double start = Uniform01(rng), len = Uniform01(rng), omega = Uniform(rng, -0.08, 0.08);
            if (m.Turning == 0 && start < c.TurnRate) {
                m.Turning = 10 + static_cast<int>(len * 30.0);
                m.Omega = omega;
            }
            if (m.Turning > 0) {
                m.Heading += m.Omega;
                --m.Turning;
            }
            m.X += m.Speed * std::cos(m.Heading);
            m.Y += m.Speed * std::sin(m.Heading);
            // Bounce off the borders: reflect the position and the heading.
            if (m.X < 0.0) {
                m.X = -m.X;
                m.Heading = kPi - m.Heading;
            }
            if (m.X > W - m.W) {
                m.X = 2.0 * (W - m.W) - m.X;
                m.Heading = kPi - m.Heading;
            }
            if (m.Y < 0.0) {
                m.Y = -m.Y;
                m.Heading = -m.Heading;
            }
            if (m.Y > H - m.H) {
                m.Y = 2.0 * (H - m.H) - m.Y;
                m.Heading = -m.Heading;
            }
        }
    }
    return v;
}

SimFrame TrackingVideo::Frame(int k) const
{
    k = std::max(0, std::min(k, Config_.Frames - 1));
    const TrackingSimConfig& c = Config_;
    const std::vector<BoxD>& boxes = Boxes_[k];
    const int n = static_cast<int>(boxes.size());
    SimFrame f;
    for (int i = 0; i < n; ++i) {
        const BoxD& b = boxes[i];
        double covered = 0.0;
        for (int j = 0; j < n; ++j) {
            if (j == i) continue;
            const bool nearer = boxes[j].Y2 > b.Y2 || (boxes[j].Y2 == b.Y2 && j > i);
            if (nearer) covered += Overlap(b, boxes[j]);
        }
        const double area = (b.X2 - b.X1) * (b.Y2 - b.Y1);
        f.Truth.push_back({i + 1, b, std::max(0.0, 1.0 - covered / area)});
    }
    std::mt19937 rng(c.Seed * 2654435761u + static_cast<std::uint32_t>(k) * 40503u + 1u);
    for (const GtObject& g : f.Truth) {
        const double u = Uniform01(rng);
        double d[4];
        for (double& x : d) x = Normal(rng, 0.0, c.JitterPx);
        const double score = Uniform(rng, 0.5, 1.0);
        if (g.Visible < c.OcclusionMiss || u < c.MissRate) continue;
        BoxD b = {g.Box.X1 + d[0], g.Box.Y1 + d[1], g.Box.X2 + d[2], g.Box.Y2 + d[3]};
        b.X2 = std::max(b.X2, b.X1 + 2.0);
        b.Y2 = std::max(b.Y2, b.Y1 + 2.0);
        f.Detections.push_back({b, score, g.Id});
    }
    const int fps = Poisson(rng, c.FalsePositives);
    for (int i = 0; i < fps; ++i) {
        const double w = Uniform(rng, 0.045, 0.095) * c.Width;
        const double h = w * Uniform(rng, 1.0, 2.6);
        const double x = Uniform(rng, 0.0, std::max(1.0, c.Width - w)), y = Uniform(rng, 0.0, std::max(1.0, c.Height - h));
        f.Detections.push_back({{x, y, x + w, y + h}, Uniform(rng, 0.3, 0.8), -1});
    }
    for (int i = static_cast<int>(f.Detections.size()) - 1; i > 0; --i)
        std::swap(f.Detections[i], f.Detections[UniformInt(rng, i + 1)]);
    return f;
}

} // namespace mlviz
