// cv::groupRectangles(rects, groupThreshold, eps) of OpenCV 4.6 (objdetect/src/cascadedetect.cpp),
// as CascadeClassifier::detectMultiScale calls it (groupThreshold = minNeighbors, eps = 0.2):
// rectangles are "similar" when every edge differs by <= eps * (min widths + min heights) / 2;
// cv::partition's union-find joins similar rectangles into classes (numbered by first member);
// each class becomes the rounded mean of its members; classes with <= groupThreshold members are
// dropped, and so is a class lying inside another class (edges within eps * that class's size)
// that has more than max(3, own count) members (or when its own count < 3).
#pragma once
#include <vector>

#include "topics/classical_detectors/core/integral.h"

namespace mlviz {

struct GroupedRects {
    std::vector<IntRect> Rects;      // kept classes, in class order (OpenCV's output order)
    std::vector<int> Neighbors;      // members of each kept class
    std::vector<int> Labels;         // class of every input rectangle
    std::vector<IntRect> ClassMeans; // every class's mean rectangle, kept or not
    std::vector<int> ClassCounts;
    std::vector<int> KeptClass; // for each class: its index in Rects, or -1
};

// group_threshold <= 0 returns the input unchanged (one member each), as OpenCV does.
GroupedRects GroupRectangles(const std::vector<IntRect>& rects, int group_threshold, double eps);

} // namespace mlviz
