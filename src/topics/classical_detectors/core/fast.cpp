#include "topics/classical_detectors/core/fast.h"

#include <algorithm>

namespace mlviz {

const int kFastCircle[16][2] = {{0, 3}, {1, 3},   {2, 2},   {3, 1},   {3, 0},  {3, -1}, {2, -2}, {1, -3},
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
    int darker = 0, brighter = 0;   // runs: circle pixel < p - t means d > t
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

Result<std::vector<FastCorner>> DetectFast(const GreyImage& img, int threshold, bool nonmax)
{
    using R = Result<std::vector<FastCorner>>;
    if (auto ok = ValidateGreyImage(img); !ok) return R::Fail(ok.Error());
    if (threshold < 0 || threshold > 255) return R::Fail(Msg("порог FAST %d вне [0, 255]", threshold));
    std::vector<FastCorner> out;
    if (img.Width < 7 || img.Height < 7) return out;
    // Scores of the candidates (0 elsewhere); a corner's score is >= threshold >= 0, and a corner
    // with score 0 (threshold 0) still counts as a corner for output without suppression.
    std::vector<int> score(img.Pixels.size(), 0);
    std::vector<std::uint8_t> corner(img.Pixels.size(), 0);
    int d[25];
    for (int y = 3; y < img.Height - 3; ++y)
        for (int x = 3; x < img.Width - 3; ++x) {
            Differences(img, x, y, d);
            if (!IsCorner(d, threshold)) continue;
            const std::size_t i = static_cast<std::size_t>(y) * img.Width + x;
            corner[i] = 1;
            score[i] = Score(d);
        }
    const int w = img.Width;
    for (int y = 3; y < img.Height - 3; ++y)
        for (int x = 3; x < img.Width - 3; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * w + x;
            if (!corner[i]) continue;
            const int s = score[i];
            if (nonmax && !(s > score[i - 1] && s > score[i + 1] && s > score[i - w - 1] && s > score[i - w] &&
                            s > score[i - w + 1] && s > score[i + w - 1] && s > score[i + w] && s > score[i + w + 1]))
                continue;
            out.push_back({x, y, s});
        }
    return out;
}

} // namespace mlviz
