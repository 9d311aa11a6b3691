// The synthetic clip of question 38, a square moving across a dark background, and teaching
// kernels for it: a 3-D kernel that follows one velocity through time, a temporal difference
// (which only a kernel deeper than one frame can compute), and 2-D kernels for frame-by-frame
// convolution. Pixel (y, x) covers [x, x+1) × [y, y+1); the square's top-left corner is at
// (X0 + Vx·t, Y0 + Vy·t) in frame t, and a pixel's value is the fraction of its area the square
// covers (anti-aliased, exact for sub-pixel speeds).
#pragma once
#include "core/result.h"
#include "topics/conv_blocks/core/conv_tensor.h"

namespace mlviz {

inline constexpr int kClipMaxFrames = 32;
inline constexpr int kClipMaxSide = 64;

struct MovingSquareClip {
    int Frames = 8, Height = 16, Width = 16; // T in [1, kClipMaxFrames]; H, W in [4, kClipMaxSide]
    double Size = 4.0;                       // side in pixels, [1, 64]
    double X0 = 2.0, Y0 = 6.0;               // top-left corner at t = 0, pixels, [-64, 128]
    double Vx = 1.0, Vy = 0.0;               // pixels per frame, [-8, 8]
};

// 1×T×H×W, values in [0, 1].
Result<Grid4> MakeMovingSquare(const MovingSquareClip& clip);

enum class ClipKernel3d {
    MotionRight,        // 1 on a vertical bar that moves +1 px per frame: follows a right-moving edge
    MotionLeft,         // the same bar moving -1 px per frame
    TemporalDifference, // +1 at the centre of the last frame, -1 at the centre of the first
    Count
};
enum class ClipKernel2d {
    Box,   // 1/k² everywhere: blur
    EdgeX, // -1 in the left column, +1 in the right one: vertical edges
    Count
};

// 1×1×KT×K×K; KT in [2, 7], K odd in [1, 7].
Result<Grid5> MakeClipKernel3d(ClipKernel3d kind, int frames, int size);
// 1×1×K×K; K in [1, 7] (EdgeX needs K >= 2).
Result<Grid4> MakeClipKernel2d(ClipKernel2d kind, int size);

} // namespace mlviz
