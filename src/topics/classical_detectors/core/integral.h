// Integral images (summed-area tables) and rectangle sums with four look-ups, the basis of
// Viola-Jones: equal to cv2.integral(img) / cv2.integral2(img) (OpenCV 4.6) on the same grey image.
//
// Conventions: the table has (h+1) rows and (w+1) columns; S(x, y) = sum of img[y'][x'] over
// x' < x, y' < y, so row 0 and column 0 are zero (cv2.integral's layout). A rectangle (x, y, w, h)
// covers pixels x..x+w-1, y..y+h-1 and its sum is S(x+w, y+h) - S(x+w, y) - S(x, y+h) + S(x, y).
// Values are 64-bit (cv2.integral's default int32 equals them while the total stays below 2^31).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "topics/classical_detectors/core/grey.h"

namespace mlviz {

struct IntRect {
    int X = 0, Y = 0, W = 0, H = 0; // pixels; (X, Y) = top-left
    bool operator==(const IntRect&) const = default;
};

struct IntegralImage {
    int Width = 0, Height = 0;       // of the source image; the tables are (Height+1) x (Width+1)
    std::vector<std::int64_t> Sum;   // S
    std::vector<std::int64_t> SqSum; // same layout, sums of squared pixels (cv2.integral2)

    int Stride() const { return Width + 1; }
    std::int64_t At(int x, int y) const { return Sum[static_cast<std::size_t>(y) * Stride() + x]; }
    std::int64_t SqAt(int x, int y) const { return SqSum[static_cast<std::size_t>(y) * Stride() + x]; }
};

// Both tables in one pass. Fails on an invalid image.
Result<IntegralImage> ComputeIntegral(const GreyImage& img);

// The four corners and values of a rectangle sum, for showing the arithmetic:
// Sum = D - B - C + A with A = S(x, y), B = S(x+w, y), C = S(x, y+h), D = S(x+w, y+h).
struct RectSumLookup {
    std::array<int, 4> CornerX{}, CornerY{}; // A, B, C, D in table coordinates
    std::array<std::int64_t, 4> Value{};     // S at A, B, C, D
    std::int64_t Sum = 0;
    int Area = 0;
};

// Fails unless the rectangle lies inside the image (w, h >= 0; an empty rectangle sums to 0).
Result<RectSumLookup> LookupRectSum(const IntegralImage& ii, IntRect r);
std::int64_t RectSum(const IntegralImage& ii, IntRect r);   // unchecked, r must be inside
std::int64_t RectSqSum(const IntegralImage& ii, IntRect r); // unchecked

// Computing the table one cell at a time, in raster order, for the step-through:
// S(x, y) = img(x-1, y-1) + S(x-1, y) + S(x, y-1) - S(x-1, y-1).
struct IntegralStep {
    int X = 0, Y = 0; // table cell just written (x, y >= 1)
    int Pixel = 0;    // img(x-1, y-1)
    std::int64_t Left = 0, Up = 0, UpLeft = 0, Value = 0;
};

class IntegralStepper {
public:
    // Fails on an invalid image or one larger than kMaxStepperPixels (it is for small images).
    static Result<IntegralStepper> Start(const GreyImage& img);
    static constexpr int kMaxStepperPixels = 64 * 64;

    // Writes the next `count` cells (>= 0); returns the last step taken (or the previous one).
    IntegralStep Advance(int count = 1);
    // Back to `cells_done` cells written (0 = only the zero border), for scrubbing backwards.
    void Seek(int cells_done);
    int CellsDone() const { return Done_; }
    int CellCount() const { return Image_.Width * Image_.Height; }
    bool Finished() const { return Done_ >= CellCount(); }
    // The partial table: cells not yet written are -1.
    const std::vector<std::int64_t>& Table() const { return Table_; }
    const GreyImage& Source() const { return Image_; }
    IntegralStep Last() const { return Last_; }

private:
    GreyImage Image_;
    std::vector<std::int64_t> Table_;
    int Done_ = 0;
    IntegralStep Last_;
};

} // namespace mlviz
