#include "topics/classical_detectors/core/fast.h"

#include <algorithm>

namespace mlviz {

const int kFastCircle[16][2] = {{0, 3},  {1, 3},   {2, 2},   {3, 1},   {3, 0},  {3, -1}, {2, -2}, {1, -3},
                                {0, -3}, {-1, -3}, {-2, -2}, {-3, -1}, {-3, 0}, {-3, 1}, {-2, 2}, {-1, 3}};

namespace {

// p - circle[k] for k = 0..24 (the circle wrapped so every arc of 9 is contiguous).
void Differences(const GreyImage& img, int x, int y, int d[25])
{
    const int v = img.At(x, y);
    for (int k = 0; k < 25; ++k) d[k] = v - img.At(x + kFastCircle[k % 16][0], y + kFastCircle[k % 16][1]);
}

// fast.cpp's test: 9 contiguous of the wrapped circle beyond the threshold, darker or brighter.
bool IsCorner(const int d[25], int threshold)
{
    int darker = 0, brighter = 0; // runs: circle pixel < p - t means d > t
    for (int k = 0; k < 25; ++k) {
        if (d[k] > threshold) {
            if (++darker > 8) return true;
        } else
            darker = 0;
        if (d[k] < -threshold) {
            if (++brighter > 8) return true;
        } else
            brighter = 0;
    }
    return false;
}

int Score(const int d[25])
{
    int best = -1000;
    for (int k = 0; k < 16; ++k) {
        int lo = d[k], hi = d[k];
        for (int i = 1; i < 9; ++i) {
            lo = std::min(lo, d[k + i]);
            hi = std::max(hi, d[k + i]);
        }
        best = std::max(best, std::max(lo, -hi));
    }
    return best - 1;
}

} // namespace

int FastScore(const GreyImage& img, int x, int y, int threshold)
{
    if (x < 3 || y < 3 || x > img.Width - 4 || y > img.Height - 4) return 0;
    int d[25];
    Differences(img, x, y, d);
    return IsCorner(d, threshold) ? Score(d) : 0;
}

void FastScoreRows(const GreyImage& img, int threshold, int row_begin, int row_end, std::vector<std::int16_t>& map)
{
    const std::size_t n = static_cast<std::size_t>(img.Width) * img.Height;
    if (map.size() != n) map.assign(n, -1);
    if (img.Width < 7 || img.Height < 7) return;
    // fast.cpp's threshold_tab: 1 = darker than p - t, 2 = brighter than p + t, indexed by c - p + 255.
    std::uint8_t tab[511];
    for (int i = -255; i <= 255; ++i) tab[i + 255] = static_cast<std::uint8_t>(i < -threshold ? 1 : i > threshold ? 2 : 0);
    int ofs[16];
    for (int k = 0; k < 16; ++k) ofs[k] = kFastCircle[k][0] + kFastCircle[k][1] * img.Width;
    int d[25];
    for (int y = std::max(3, row_begin); y < std::min(img.Height - 3, row_end); ++y) {
        const std::uint8_t* row = img.Row(y);
        std::int16_t* out = map.data() + static_cast<std::size_t>(y) * img.Width;
        for (int x = 3; x < img.Width - 3; ++x) {
            out[x] = -1;
            // The scalar pre-test of fast.cpp (a necessary condition): opposite pairs of the circle
            // must have a pixel beyond the threshold, in one direction throughout.
            const std::uint8_t* p = row + x;
            const std::uint8_t* t = tab + 255 - p[0];
            int m = t[p[ofs[0]]] | t[p[ofs[8]]];
            if (m == 0) continue;
            m &= (t[p[ofs[2]]] | t[p[ofs[10]]]) & (t[p[ofs[4]]] | t[p[ofs[12]]]) & (t[p[ofs[6]]] | t[p[ofs[14]]]);
            if (m == 0) continue;
            m &= (t[p[ofs[1]]] | t[p[ofs[9]]]) & (t[p[ofs[3]]] | t[p[ofs[11]]]) & (t[p[ofs[5]]] | t[p[ofs[13]]]) &
                (t[p[ofs[7]]] | t[p[ofs[15]]]);
            if (m == 0) continue;
            for (int k = 0; k < 25; ++k) d[k] = p[0] - p[ofs[k % 16]];
            if (IsCorner(d, threshold)) out[x] = static_cast<std::int16_t>(Score(d));
        }
    }
}

std::vector<FastCorner> FastCollect(const GreyImage& img, const std::vector<std::int16_t>& map, bool nonmax)
{
    std::vector<FastCorner> out;
    if (img.Width < 7 || img.Height < 7 || map.size() != img.Pixels.size()) return out;
    const int w = img.Width;
    // Non-corners count as score 0 in the comparison, as fast.cpp's zeroed score rows.
    auto s = [&](std::size_t i) { return std::max<int>(0, map[i]); };
    for (int y = 3; y < img.Height - 3; ++y)
        for (int x = 3; x < w - 3; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * w + x;
            const int v = map[i];
            if (v < 0) continue;
            if (nonmax &&
                !(v > s(i - 1) && v > s(i + 1) && v > s(i - w - 1) && v > s(i - w) && v > s(i - w + 1) && v > s(i + w - 1) &&
                  v > s(i + w) && v > s(i + w + 1)))
                continue;
            out.push_back({x, y, v});
        }
    return out;
}

Result<std::vector<FastCorner>> DetectFast(const GreyImage& img, int threshold, bool nonmax)
{
    using R = Result<std::vector<FastCorner>>;
    if (auto ok = ValidateGreyImage(img); !ok) return R::Fail(ok.Error());
    if (threshold < 0 || threshold > 255) return R::Fail(Msg("порог FAST %d вне [0, 255]", threshold));
    std::vector<std::int16_t> map;
    FastScoreRows(img, threshold, 0, img.Height, map);
    return FastCollect(img, map, nonmax);
}

} // namespace mlviz
