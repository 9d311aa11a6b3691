#include "topics/anchors/core/anchor.h"

#include <algorithm>
#include <cmath>

#include "core/message.h"

namespace mlviz {

namespace {

// torch.round: half to even, independent of the FPU rounding mode.
float RoundHalfEven(float v)
{
    const float r = std::round(v); // half away from zero
    if (std::fabs(v - std::trunc(v)) == 0.5f) return 2.0f * std::round(v * 0.5f);
    return r;
}

bool IsInteger(double v)
{
    return std::isfinite(v) && v == std::floor(v);
}

} // namespace

Message ValidateAnchorParams(std::span<const double> sizes, std::span<const double> aspect_ratios)
{
    if (sizes.empty()) return Msg("sizes не должен быть пустым");
    if (aspect_ratios.empty()) return Msg("aspect_ratios не должен быть пустым");
    for (std::size_t i = 0; i < sizes.size(); ++i)
        if (!std::isfinite(sizes[i]) || sizes[i] <= 0.0 || sizes[i] > 1e6) return Msg("sizes[%zu] должен быть в (0, 1e6]", i);
    for (std::size_t i = 0; i < aspect_ratios.size(); ++i)
        if (!std::isfinite(aspect_ratios[i]) || aspect_ratios[i] <= 0.0 || aspect_ratios[i] > 1e3 || aspect_ratios[i] < 1e-3)
            return Msg("aspect_ratios[%zu] должен быть в [0.001, 1000]", i);
    return {};
}

std::vector<Box> CellAnchors(std::span<const double> sizes, std::span<const double> aspect_ratios, AnchorConvention c)
{
    std::vector<Box> cell;
    cell.reserve(sizes.size() * aspect_ratios.size());
    for (double ratio : aspect_ratios) {
        for (double size : sizes) {
            if (c == AnchorConvention::Torchvision) {
                // generate_anchors: h_ratios = sqrt(r), w_ratios = 1 / h_ratios, ws = w_ratios * scales,
                // stack([-ws, -hs, ws, hs]) / 2, round(); every step in float32.
                const float h_ratio = std::sqrt(static_cast<float>(ratio));
                const float w_ratio = 1.0f / h_ratio;
                const float ws = w_ratio * static_cast<float>(size);
                const float hs = h_ratio * static_cast<float>(size);
                cell.push_back(Box{RoundHalfEven(-ws / 2.0f), RoundHalfEven(-hs / 2.0f), RoundHalfEven(ws / 2.0f),
                                   RoundHalfEven(hs / 2.0f)});
            } else {
                const double hw = 0.5 * size / std::sqrt(ratio), hh = 0.5 * size * std::sqrt(ratio);
                cell.push_back(
                    Box{static_cast<float>(-hw), static_cast<float>(-hh), static_cast<float>(hw), static_cast<float>(hh)});
            }
        }
    }
    return cell;
}

std::vector<Box> ShapeCellAnchors(std::span<const AnchorShape> shapes)
{
    std::vector<Box> cell;
    cell.reserve(shapes.size());
    for (const AnchorShape& s : shapes) {
        const double hw = 0.5 * s.Width, hh = 0.5 * s.Height;
        cell.push_back(Box{static_cast<float>(-hw), static_cast<float>(-hh), static_cast<float>(hw), static_cast<float>(hh)});
    }
    return cell;
}

double LocationCenter(int index, double stride, AnchorConvention c)
{
    return c == AnchorConvention::Torchvision ? index * stride : (index + 0.5) * stride;
}

int LocationIndex(double coord, double stride, int count, AnchorConvention c)
{
    if (count <= 0 || !(stride > 0.0) || !std::isfinite(coord)) return 0;
    const double t = coord / stride + (c == AnchorConvention::Torchvision ? 0.5 : 0.0);
    if (t <= 0.0) return 0;
    if (t >= count) return count - 1;
    return std::clamp(static_cast<int>(std::floor(t)), 0, count - 1);
}

int FeatureSide(int image_side, int stride)
{
    if (image_side <= 0 || stride <= 0) return 0;
    return (image_side + stride - 1) / stride;
}

int TorchvisionStride(int image_side, int feature_side)
{
    return feature_side > 0 ? image_side / feature_side : 0;
}

Result<std::vector<Box>> PlaceAnchors(const AnchorLevel& level, AnchorConvention c)
{
    if (level.FeatureH < 1 || level.FeatureW < 1)
        return Result<std::vector<Box>>::Fail(Msg("feature_size должен быть не меньше 1 x 1"));
    if (!(level.StrideY > 0.0) || !(level.StrideX > 0.0) || !std::isfinite(level.StrideY) || !std::isfinite(level.StrideX))
        return Result<std::vector<Box>>::Fail(Msg("stride должен быть положительным и конечным"));
    if (c == AnchorConvention::Torchvision && (!IsInteger(level.StrideY) || !IsInteger(level.StrideX)))
        return Result<std::vector<Box>>::Fail(Msg("в соглашении torchvision stride должен быть целым"));
    if (level.Cell.empty()) return Result<std::vector<Box>>::Fail(Msg("нет якорей на позицию (sizes или aspect_ratios пусты)"));
    const double total = static_cast<double>(level.FeatureH) * level.FeatureW * static_cast<double>(level.Cell.size());
    if (total > kMaxAnchorsTotal)
        return Result<std::vector<Box>>::Fail(
            Msg("слишком много якорей (%lld), допустимо не больше %d", static_cast<long long>(total), kMaxAnchorsTotal));
    std::vector<Box> out;
    out.reserve(static_cast<std::size_t>(total));
    for (int row = 0; row < level.FeatureH; ++row) {
        for (int col = 0; col < level.FeatureW; ++col) {
            if (c == AnchorConvention::Torchvision) {
                // grid_anchors: int shifts (arange * stride) added to float32 base anchors.
                const float sx = static_cast<float>(static_cast<long long>(col) * static_cast<long long>(level.StrideX));
                const float sy = static_cast<float>(static_cast<long long>(row) * static_cast<long long>(level.StrideY));
                for (const Box& b : level.Cell) out.push_back(Box{sx + b.X1, sy + b.Y1, sx + b.X2, sy + b.Y2});
            } else {
                const double cx = LocationCenter(col, level.StrideX, c), cy = LocationCenter(row, level.StrideY, c);
                for (const Box& b : level.Cell)
                    out.push_back(Box{static_cast<float>(cx + b.X1), static_cast<float>(cy + b.Y1), static_cast<float>(cx + b.X2),
                                      static_cast<float>(cy + b.Y2)});
            }
        }
    }
    return out;
}

float BoxIouF32(const Box& a, const Box& b)
{
    // torchvision.ops.boxes._box_inter_union, element by element in float32.
    const float w = std::max(std::min(a.X2, b.X2) - std::max(a.X1, b.X1), 0.0f);
    const float h = std::max(std::min(a.Y2, b.Y2) - std::max(a.Y1, b.Y1), 0.0f);
    if (w == 0.0f || h == 0.0f) return 0.0f; // inter = 0: torchvision's 0 / union is 0 too
    const float area_a = (a.X2 - a.X1) * (a.Y2 - a.Y1);
    const float area_b = (b.X2 - b.X1) * (b.Y2 - b.Y1);
    const float inter = w * h;
    const float uni = area_a + area_b - inter;
    return uni > 0.0f ? inter / uni : 0.0f;
}

std::vector<float> BoxIouMatrix(std::span<const Box> a, std::span<const Box> b)
{
    std::vector<float> m(a.size() * b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) m[i * b.size() + j] = BoxIouF32(a[i], b[j]);
    return m;
}

double ShapeIoU(AnchorShape a, AnchorShape b)
{
    const double inter = std::min(a.Width, b.Width) * std::min(a.Height, b.Height);
    const double uni = a.Width * a.Height + b.Width * b.Height - inter;
    return uni > 0.0 && inter > 0.0 ? inter / uni : 0.0;
}

int FpnRoiLevel(const Box& b, int k_min, int k_max)
{
    const float area = (b.X2 - b.X1) * (b.Y2 - b.Y1);
    const float s = std::sqrt(area);
    const float k = std::floor(static_cast<float>(4) + std::log2(s / 224.0f) + 1e-6f);
    if (!(k >= static_cast<float>(k_min))) return k_min; // also area 0 (log2 0 = -inf)
    if (k >= static_cast<float>(k_max)) return k_max;
    return static_cast<int>(k);
}

} // namespace mlviz
