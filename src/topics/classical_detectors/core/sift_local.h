// SIFT's per-extremum steps (sift.simd.hpp's adjustLocalExtrema), shared by sift.cpp and tests.
#pragma once
#include <vector>

#include "topics/classical_detectors/core/keypoint.h"

namespace mlviz {

enum class SiftRefine { Accepted, NotConverged, LowContrast, OnEdge };

struct SiftExtremum {
    int Layer = 0, Row = 0, Col = 0;       // refined integer position in the octave
    float Xc = 0.0f, Xr = 0.0f, Xi = 0.0f; // sub-pixel / sub-layer offsets
    float Contrast = 0.0f;                 // D at the refined point, 0..1 units
};

// dog = the octave's DoG images; (layer, r, c) a 26-neighbour extremum.
SiftRefine RefineSiftExtremum(const std::vector<FloatImage>& dog, int layer, int r, int c, int layers, float contrast_threshold,
                              float edge_threshold, SiftExtremum& out);

} // namespace mlviz
