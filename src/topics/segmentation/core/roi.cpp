// RoIAlign and RoIPool, transcribed from torchvision 0.14's CPU kernels (float arithmetic, same
// operation order), with every sample point and bin kept for drawing.
#include "topics/segmentation/core/roi.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

// Beyond this many samples the picture would be a grey smear: the samples are not kept.
constexpr std::int64_t kMaxKeptSamples = 16384;

Message CheckBox(const RoiBox& b)
{
    for (float v : {b.X1, b.Y1, b.X2, b.Y2})
        if (!std::isfinite(v) || std::fabs(v) > 1e6f)
            return Msg("координаты рамки должны быть конечными и не больше 1e6 по модулю");
    return {};
}

Message CheckOutput(int oh, int ow, double scale)
{
    if (oh < 1 || oh > kRoiMaxOutput || ow < 1 || ow > kRoiMaxOutput)
        return Msg("поле '%s' должно быть в [%d, %d]", "output_size", 1, kRoiMaxOutput);
    if (!(scale > 0.0 && scale <= 1e3)) return Msg("поле '%s' должно быть в (%g, %g]", "spatial_scale", 0.0, 1e3);
    return {};
}

// roi_align_common.h pre_calc_for_bilinear_interpolate for one point.
RoiSample Bilinear(const FeatureMap& f, float y, float x)
{
    RoiSample s;
    s.X = x, s.Y = y;
    const int height = f.Height, width = f.Width;
    if (y < -1.0 || y > height || x < -1.0 || x > width) {
        s.Inside = false;
        return s; // pos 0, weights 0
    }
    if (y <= 0) y = 0;
    if (x <= 0) x = 0;
    int y_low = static_cast<int>(y), x_low = static_cast<int>(x), y_high, x_high;
    if (y_low >= height - 1) {
        y_high = y_low = height - 1;
        y = static_cast<float>(y_low);
    } else {
        y_high = y_low + 1;
    }
    if (x_low >= width - 1) {
        x_high = x_low = width - 1;
        x = static_cast<float>(x_low);
    } else {
        x_high = x_low + 1;
    }
    const float ly = y - y_low, lx = x - x_low;
    const float hy = static_cast<float>(1. - ly), hx = static_cast<float>(1. - lx); // the kernel's double literal
    s.XLow = x_low, s.YLow = y_low, s.XHigh = x_high, s.YHigh = y_high;
    s.W1 = hy * hx, s.W2 = hy * lx, s.W3 = ly * hx, s.W4 = ly * lx;
    return s;
}

} // namespace

Message ValidateFeatureMap(const FeatureMap& f)
{
    if (f.Width < 1 || f.Height < 1 || f.Width > kRoiMaxSide || f.Height > kRoiMaxSide)
        return Msg("карта признаков должна быть от 1x1 до %dx%d", kRoiMaxSide, kRoiMaxSide);
    if (f.Values.size() != static_cast<std::size_t>(f.Width) * f.Height)
        return Msg("число значений карты признаков не равно ширине на высоту");
    for (float v : f.Values)
        if (!std::isfinite(v)) return Msg("значения карты признаков должны быть конечными");
    return {};
}

Result<RoiAlignResult> RoiAlign(const FeatureMap& f, const RoiBox& box, const RoiAlignConfig& c)
{
    using R = Result<RoiAlignResult>;
    if (Message why = ValidateFeatureMap(f); !why.Empty()) return R::Fail(why);
    if (Message why = CheckBox(box); !why.Empty()) return R::Fail(why);
    if (Message why = CheckOutput(c.OutputHeight, c.OutputWidth, c.SpatialScale); !why.Empty()) return R::Fail(why);
    if (c.SamplingRatio < -1 || c.SamplingRatio > kRoiMaxSampling)
        return R::Fail(Msg("поле '%s' должно быть в [%d, %d]", "sampling_ratio", -1, kRoiMaxSampling));

    const float scale = static_cast<float>(c.SpatialScale);
    const int ph_n = c.OutputHeight, pw_n = c.OutputWidth;
    RoiAlignResult r;
    r.OutputHeight = ph_n, r.OutputWidth = pw_n;
    const float offset = c.Aligned ? 0.5f : 0.0f;
    const float roi_start_w = box.X1 * scale - offset, roi_start_h = box.Y1 * scale - offset;
    const float roi_end_w = box.X2 * scale - offset, roi_end_h = box.Y2 * scale - offset;
    float roi_width = roi_end_w - roi_start_w, roi_height = roi_end_h - roi_start_h;
    if (!c.Aligned) {
        roi_width = std::max(roi_width, 1.0f);
        roi_height = std::max(roi_height, 1.0f);
    }
    const float bin_h = roi_height / static_cast<float>(ph_n), bin_w = roi_width / static_cast<float>(pw_n);
    const double grid_h_d = c.SamplingRatio > 0 ? c.SamplingRatio : std::ceil(roi_height / ph_n);
    const double grid_w_d = c.SamplingRatio > 0 ? c.SamplingRatio : std::ceil(roi_width / pw_n);
    if (grid_h_d * grid_w_d * ph_n * pw_n > static_cast<double>(kRoiMaxSamples))
        return R::Fail(Msg("слишком много точек выборки (больше %d): уменьшите рамку или задайте sampling_ratio",
                           static_cast<int>(kRoiMaxSamples)));
    const int grid_h = static_cast<int>(grid_h_d), grid_w = static_cast<int>(grid_w_d);
    const float count = static_cast<float>(std::max(grid_h * grid_w, 1)); // an empty grid outputs 0
    r.RoiStartX = roi_start_w, r.RoiStartY = roi_start_h, r.RoiWidth = roi_width, r.RoiHeight = roi_height;
    r.BinWidth = bin_w, r.BinHeight = bin_h, r.GridH = grid_h, r.GridW = grid_w;
    const bool keep = static_cast<std::int64_t>(grid_h) * grid_w * ph_n * pw_n <= kMaxKeptSamples;

    r.Output.assign(static_cast<std::size_t>(ph_n) * pw_n, 0.0f);
    for (int ph = 0; ph < ph_n; ++ph)
        for (int pw = 0; pw < pw_n; ++pw) {
            float out = 0.0f;
            for (int iy = 0; iy < grid_h; ++iy) {
                const float yy = roi_start_h + ph * bin_h + static_cast<float>(iy + .5f) * bin_h / static_cast<float>(grid_h);
                for (int ix = 0; ix < grid_w; ++ix) {
                    const float xx = roi_start_w + pw * bin_w + static_cast<float>(ix + .5f) * bin_w / static_cast<float>(grid_w);
                    RoiSample s = Bilinear(f, yy, xx);
                    const float* v = f.Values.data();
                    const int w = f.Width;
                    const float val = s.Inside ? s.W1 * v[s.YLow * w + s.XLow] + s.W2 * v[s.YLow * w + s.XHigh] +
                            s.W3 * v[s.YHigh * w + s.XLow] + s.W4 * v[s.YHigh * w + s.XHigh]
                                               : 0.0f;
                    out += val;
                    if (keep) {
                        s.BinY = ph, s.BinX = pw, s.Value = val;
                        r.Samples.push_back(s);
                    }
                }
            }
            r.Output[static_cast<std::size_t>(ph) * pw_n + pw] = out / count;
        }
    return r;
}

Result<RoiPoolResult> RoiPool(const FeatureMap& f, const RoiBox& box, int oh, int ow, double spatial_scale)
{
    using R = Result<RoiPoolResult>;
    if (Message why = ValidateFeatureMap(f); !why.Empty()) return R::Fail(why);
    if (Message why = CheckBox(box); !why.Empty()) return R::Fail(why);
    if (Message why = CheckOutput(oh, ow, spatial_scale); !why.Empty()) return R::Fail(why);
    const float scale = static_cast<float>(spatial_scale);
    RoiPoolResult r;
    r.OutputHeight = oh, r.OutputWidth = ow;
    // round() of a float promoted to double: halves away from zero, as the kernel's ::round.
    r.RoiX1 = static_cast<int>(std::round(box.X1 * scale));
    r.RoiY1 = static_cast<int>(std::round(box.Y1 * scale));
    r.RoiX2 = static_cast<int>(std::round(box.X2 * scale));
    r.RoiY2 = static_cast<int>(std::round(box.Y2 * scale));
    const int roi_w = std::max(r.RoiX2 - r.RoiX1 + 1, 1), roi_h = std::max(r.RoiY2 - r.RoiY1 + 1, 1);
    r.BinHeight = static_cast<float>(roi_h) / static_cast<float>(oh);
    r.BinWidth = static_cast<float>(roi_w) / static_cast<float>(ow);
    r.Output.assign(static_cast<std::size_t>(oh) * ow, 0.0f);
    for (int ph = 0; ph < oh; ++ph)
        for (int pw = 0; pw < ow; ++pw) {
            RoiPoolBin b;
            b.Y0 = static_cast<int>(std::floor(static_cast<float>(ph) * r.BinHeight));
            b.X0 = static_cast<int>(std::floor(static_cast<float>(pw) * r.BinWidth));
            b.Y1 = static_cast<int>(std::ceil(static_cast<float>(ph + 1) * r.BinHeight));
            b.X1 = static_cast<int>(std::ceil(static_cast<float>(pw + 1) * r.BinWidth));
            b.Y0 = std::min(std::max(b.Y0 + r.RoiY1, 0), f.Height);
            b.Y1 = std::min(std::max(b.Y1 + r.RoiY1, 0), f.Height);
            b.X0 = std::min(std::max(b.X0 + r.RoiX1, 0), f.Width);
            b.X1 = std::min(std::max(b.X1 + r.RoiX1, 0), f.Width);
            b.Empty = b.Y1 <= b.Y0 || b.X1 <= b.X0;
            float maxval = b.Empty ? 0.0f : -FLT_MAX;
            for (int y = b.Y0; y < b.Y1; ++y)
                for (int x = b.X0; x < b.X1; ++x) {
                    const float v = f.Values[static_cast<std::size_t>(y) * f.Width + x];
                    if (v > maxval) maxval = v, b.ArgMaxX = x, b.ArgMaxY = y;
                }
            r.Output[static_cast<std::size_t>(ph) * ow + pw] = maxval;
            r.Bins.push_back(b);
        }
    return r;
}

FeatureMap MakeFeatureMap(int width, int height, std::uint32_t seed)
{
    FeatureMap f;
    f.Width = std::clamp(width, 1, kRoiMaxSide);
    f.Height = std::clamp(height, 1, kRoiMaxSide);
    f.Values.assign(static_cast<std::size_t>(f.Width) * f.Height, 0.0f);
    std::mt19937 rng(seed);
    struct Blob {
        double X, Y, S, A;
    };
    std::vector<Blob> blobs;
    for (int k = 0; k < 6; ++k)
        blobs.push_back({Uniform(rng, 0, f.Width), Uniform(rng, 0, f.Height), Uniform(rng, 0.8, 2.5), Uniform(rng, 0.3, 1.0)});
    for (int y = 0; y < f.Height; ++y)
        for (int x = 0; x < f.Width; ++x) {
            double v = 0.05 * x / f.Width;
            for (const Blob& b : blobs) v += b.A * std::exp(-((x - b.X) * (x - b.X) + (y - b.Y) * (y - b.Y)) / (2.0 * b.S * b.S));
            f.Values[static_cast<std::size_t>(y) * f.Width + x] = static_cast<float>(v);
        }
    return f;
}

} // namespace mlviz
