// Keypoints and float images shared by the ORB and SIFT detectors of the classical_detectors topic.
// Coordinates: pixels of the input image, x right, y down, (0, 0) = centre of the top-left pixel
// (cv2.KeyPoint's convention). Angles in degrees in [0, 360), as cv2.KeyPoint.angle.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace mlviz {

struct Keypoint {
    float X = 0.0f, Y = 0.0f;
    float Size = 0.0f;     // diameter of the meaningful neighbourhood, pixels
    float Angle = 0.0f;    // dominant orientation, degrees
    float Response = 0.0f; // ORB: Harris measure; SIFT: |DoG contrast|
    int Octave = 0;        // ORB: pyramid level; SIFT: octave (-1 = the doubled image)
    int Layer = 0;         // SIFT: DoG layer in the octave (1..layers); ORB: 0
};

using OrbDescriptor = std::array<std::uint8_t, 32>; // 256 bits, bit i of byte j = test 8j + i
using SiftDescriptor = std::array<float, 128>;      // 4x4 cells x 8 bins, values 0..255 (OpenCV's scale)

struct FloatImage {
    int Width = 0, Height = 0;
    std::vector<float> Pixels; // row-major

    float At(int x, int y) const { return Pixels[static_cast<std::size_t>(y) * Width + x]; }
    float& At(int x, int y) { return Pixels[static_cast<std::size_t>(y) * Width + x]; }
    const float* Row(int y) const { return Pixels.data() + static_cast<std::size_t>(y) * Width; }
    float* Row(int y) { return Pixels.data() + static_cast<std::size_t>(y) * Width; }
};

inline FloatImage MakeFloatImage(int w, int h, float fill = 0.0f)
{
    FloatImage f;
    f.Width = w;
    f.Height = h;
    f.Pixels.assign(static_cast<std::size_t>(w) * h, fill);
    return f;
}

} // namespace mlviz
