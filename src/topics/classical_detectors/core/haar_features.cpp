#include "topics/classical_detectors/core/haar_features.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

constexpr std::string_view kKindNames[] = {"edge_x", "edge_y", "line_x", "line_y", "checker"};

double Normaliser(const IntegralImage& ii, IntRect box)
{
    const double area = static_cast<double>(box.W) * box.H;
    const double s = static_cast<double>(RectSum(ii, box));
    const double sq = static_cast<double>(RectSqSum(ii, box));
    const double v = area * sq - s * s;
    return v > 0.0 ? std::sqrt(v) : 0.0;
}

double RawResponse(const IntegralImage& ii, const std::vector<WeightedRect>& rects)
{
    double r = 0.0;
    for (const WeightedRect& w : rects) r += w.Weight * static_cast<double>(RectSum(ii, w.Rect));
    return r;
}

} // namespace

std::string_view HaarFeatureKindName(HaarFeatureKind k)
{
    const int i = static_cast<int>(k);
    return i >= 0 && i < static_cast<int>(HaarFeatureKind::Count) ? kKindNames[i] : "?";
}

bool HaarFeatureKindFromName(std::string_view name, HaarFeatureKind& out)
{
    for (int i = 0; i < static_cast<int>(HaarFeatureKind::Count); ++i)
        if (name == kKindNames[i]) {
            out = static_cast<HaarFeatureKind>(i);
            return true;
        }
    return false;
}

int HaarCellsX(HaarFeatureKind k)
{
    switch (k) {
    case HaarFeatureKind::EdgeX: return 2;
    case HaarFeatureKind::LineX: return 3;
    case HaarFeatureKind::Checker: return 2;
    default: return 1;
    }
}

int HaarCellsY(HaarFeatureKind k)
{
    switch (k) {
    case HaarFeatureKind::EdgeY: return 2;
    case HaarFeatureKind::LineY: return 3;
    case HaarFeatureKind::Checker: return 2;
    default: return 1;
    }
}

std::vector<WeightedRect> HaarFeatureRects(const HaarFeature& f)
{
    const IntRect box = f.Box();
    const int cw = f.CellW, ch = f.CellH;
    std::vector<WeightedRect> r{{box, -1.0f}};
    switch (f.Kind) {
    case HaarFeatureKind::EdgeX: r.push_back({{f.X + cw, f.Y, cw, ch}, 2.0f}); break;
    case HaarFeatureKind::EdgeY: r.push_back({{f.X, f.Y + ch, cw, ch}, 2.0f}); break;
    case HaarFeatureKind::LineX: r.push_back({{f.X + cw, f.Y, cw, ch}, 3.0f}); break;
    case HaarFeatureKind::LineY: r.push_back({{f.X, f.Y + ch, cw, ch}, 3.0f}); break;
    case HaarFeatureKind::Checker:
        r.push_back({{f.X + cw, f.Y, cw, ch}, 2.0f});
        r.push_back({{f.X, f.Y + ch, cw, ch}, 2.0f});
        break;
    default: break;
    }
    return r;
}

Result<HaarResponse> EvaluateHaarFeature(const IntegralImage& ii, const HaarFeature& f)
{
    if (static_cast<int>(f.Kind) < 0 || f.Kind >= HaarFeatureKind::Count)
        return Result<HaarResponse>::Fail(Msg("неизвестный тип признака Хаара %d", static_cast<int>(f.Kind)));
    const IntRect box = f.Box();
    if (f.CellW < 1 || f.CellH < 1 || box.X < 0 || box.Y < 0 || box.X + box.W > ii.Width || box.Y + box.H > ii.Height)
        return Result<HaarResponse>::Fail(
            Msg("признак Хаара (%d, %d, %dx%d) выходит за изображение %dx%d", box.X, box.Y, box.W, box.H, ii.Width, ii.Height));
    HaarResponse r;
    r.Raw = RawResponse(ii, HaarFeatureRects(f));
    r.Normaliser = Normaliser(ii, box);
    r.Normalised = r.Normaliser > 0.0 ? r.Raw / r.Normaliser : 0.0;
    return r;
}

int HaarMapWidth(const IntegralImage& ii, const HaarFeature& f)
{
    return ii.Width - f.Box().W + 1;
}
int HaarMapHeight(const IntegralImage& ii, const HaarFeature& f)
{
    return ii.Height - f.Box().H + 1;
}

Result<bool> FillHaarResponseMap(const IntegralImage& ii, const HaarFeature& f, bool normalised, int row_begin, int row_end,
                                 std::vector<float>& map)
{
    HaarFeature at = f;
    at.X = at.Y = 0;
    if (auto ok = EvaluateHaarFeature(ii, at); !ok) return Result<bool>::Fail(ok.Error());
    const int mw = HaarMapWidth(ii, f), mh = HaarMapHeight(ii, f);
    if (map.size() != static_cast<std::size_t>(mw) * mh) map.assign(static_cast<std::size_t>(mw) * mh, 0.0f);
    row_begin = std::max(0, row_begin);
    row_end = std::min(mh, row_end);
    const std::vector<WeightedRect> rects0 = HaarFeatureRects(at);
    std::vector<WeightedRect> rects = rects0;
    for (int y = row_begin; y < row_end; ++y)
        for (int x = 0; x < mw; ++x) {
            for (std::size_t i = 0; i < rects.size(); ++i) {
                rects[i].Rect.X = rects0[i].Rect.X + x;
                rects[i].Rect.Y = rects0[i].Rect.Y + y;
            }
            double v = RawResponse(ii, rects);
            if (normalised) {
                const double n = Normaliser(ii, rects[0].Rect);
                v = n > 0.0 ? v / n : 0.0;
            }
            map[static_cast<std::size_t>(y) * mw + x] = static_cast<float>(v);
        }
    return true;
}

HaarCellSize HaarCellsForCorner(const HaarFeature& f, double px, double py, int width, int height, int max_cell)
{
    // Cells along an axis: round((corner - origin) / cells), then clamped so the box still fits.
    const auto along = [max_cell](double corner, int origin, int cells, int extent) {
        const double want = (corner - origin) / cells;
        const int fit = std::max(1, (extent - origin) / cells);
        const int rounded = std::isfinite(want) ? static_cast<int>(std::lround(std::clamp(want, 1.0, 1e6))) : 1;
        return std::clamp(rounded, 1, std::max(1, std::min(max_cell, fit)));
    };
    HaarCellSize s;
    s.CellW = along(px, f.X, HaarCellsX(f.Kind), width);
    s.CellH = along(py, f.Y, HaarCellsY(f.Kind), height);
    return s;
}

} // namespace mlviz
