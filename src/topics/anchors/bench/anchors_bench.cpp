// Core timings of the anchors topic for mlviz-bench (bench/frame/core_bench.h).
#include <memory>

#include "bench/frame/core_bench.h"
#include "topics/anchors/core/anchor_scene.h"
#include "topics/anchors/core/kmeans_anchors.h"

namespace mlviz {

// k-means anchors (k = 9, 1 - IoU) on the largest synthetic data set the view offers.
void CoreBench_anchors(CoreBenchList& out)
{
    auto boxes = std::make_shared<std::vector<AnchorShape>>(MakeBoxDataset(1, 3000));
    out.push_back({"anchors", "k-means anchors, k = 9 on 3 000 boxes", 9, [boxes] {
                       volatile double iou = KMeansAnchors(*boxes, KMeansAnchorsParams{}).Value().MeanBestIoU;
                       (void)iou;
                   }});
}

} // namespace mlviz
