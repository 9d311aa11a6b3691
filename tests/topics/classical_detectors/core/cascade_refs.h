// Reference values for cascade_test.cpp, printed by tools/classical_detectors_reference.py
// (sections cascade and stages) with python3-opencv 4.6.0 on the images of test_data.h.
#pragma once
#include <cstdint>

#include "topics/classical_detectors/core/integral.h"

namespace mlviz::cd_test {

struct DetectRef {
    const char* Image;
    double ScaleFactor;
    int MinNeighbors, Count;
    std::uint64_t Sum;
    IntRect First;
};
// tools/classical_detectors_reference.py cascade, OpenCV 4.6.0: detectMultiScale(grey, s, n)
const DetectRef kDetectRefs[] = {
    {"astronaut", 1.10, 3, 1, 620011305846uLL, {177, 66, 95, 95}},
    {"astronaut", 1.05, 3, 3, 4674065940949uLL, {175, 66, 97, 97}},
    {"astronaut", 1.20, 5, 1, 620011305846uLL, {177, 66, 95, 95}},
    {"astronaut", 1.30, 1, 2, 2330816532239uLL, {39, 418, 89, 89}},
    {"astronaut", 1.10, 0, 47, 45583932939130uLL, {4, 380, 100, 100}},
    {"coffee", 1.10, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.05, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.20, 5, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.30, 1, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.10, 0, 2, 1617748950466uLL, {400, 70, 26, 26}},
    {"chelsea", 1.10, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.05, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.20, 5, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.30, 1, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.10, 0, 7, 6301001280251uLL, {25, 134, 100, 100}},
    {"astronaut_mirror", 1.10, 3, 2, 2214317001940uLL, {66, 433, 26, 26}},
    {"astronaut_mirror", 1.05, 3, 2, 2215330930856uLL, {67, 434, 26, 26}},
    {"astronaut_mirror", 1.20, 5, 1, 631404405149uLL, {237, 65, 98, 98}},
    {"astronaut_mirror", 1.30, 1, 2, 2208620841156uLL, {67, 435, 24, 24}},
    {"astronaut_mirror", 1.10, 0, 67, 75301571276560uLL, {64, 431, 32, 32}},
    {"astronaut_crop", 1.10, 3, 1, 566921121571uLL, {78, 46, 95, 95}},
    {"astronaut_crop", 1.05, 3, 1, 571603378129uLL, {77, 46, 96, 96}},
    {"astronaut_crop", 1.20, 5, 1, 580341263936uLL, {75, 44, 99, 99}},
    {"astronaut_crop", 1.30, 1, 1, 574257813890uLL, {76, 47, 96, 96}},
    {"astronaut_crop", 1.10, 0, 44, 29619988990154uLL, {28, 252, 24, 24}},
    {"astronaut_384", 1.10, 3, 1, 465165126953uLL, {132, 50, 71, 71}},
    {"astronaut_384", 1.05, 3, 2, 1356200045541uLL, {132, 49, 73, 73}},
    {"astronaut_384", 1.20, 5, 1, 481239742114uLL, {131, 49, 75, 75}},
    {"astronaut_384", 1.30, 1, 2, 1330465039524uLL, {131, 49, 72, 72}},
    {"astronaut_384", 1.10, 0, 44, 31914755725531uLL, {3, 282, 75, 75}},
};

struct StageRef {
    const char* Image;
    int Stages, Count;
    std::uint64_t Sum;
};
// tools/classical_detectors_reference.py stages, OpenCV 4.6.0: windows at scale 1 passing the first
// k stages (cascade truncated to k stages, minSize = maxSize = 24x24, minNeighbors 0)
const StageRef kScale1Refs[] = {
    {"astronaut", 1, 15141, 15856362042702482uLL},
    {"astronaut", 2, 8028, 8374484036885724uLL},
    {"astronaut", 3, 4761, 4980705901896596uLL},
    {"astronaut", 4, 2580, 2721074667926488uLL},
    {"astronaut", 5, 1569, 1658416438542480uLL},
    {"astronaut", 6, 939, 996210954129690uLL},
    {"astronaut", 7, 584, 625247729334868uLL},
    {"astronaut", 8, 282, 300845508518686uLL},
    {"astronaut", 9, 184, 191110403897942uLL},
    {"astronaut", 10, 112, 123529872812272uLL},
    {"astronaut", 11, 74, 80126557421974uLL},
    {"astronaut", 12, 52, 57176234086896uLL},
    {"astronaut", 13, 29, 34380247482538uLL},
    {"astronaut", 14, 17, 21324216899160uLL},
    {"astronaut", 15, 14, 18687101159250uLL},
    {"astronaut", 16, 11, 15440117888240uLL},
    {"astronaut", 17, 10, 12962046036838uLL},
    {"astronaut", 18, 6, 9573564581998uLL},
    {"astronaut", 19, 3, 3777644083746uLL},
    {"astronaut", 20, 2, 2754594746228uLL},
    {"astronaut", 21, 2, 2754594746228uLL},
    {"astronaut", 22, 2, 2754594746228uLL},
    {"astronaut", 23, 2, 2754594746228uLL},
    {"astronaut", 24, 2, 2754594746228uLL},
    {"astronaut", 25, 1, 722011464992uLL},
    {"coffee", 1, 13785, 14578701848158694uLL},
    {"coffee", 2, 6850, 7413654264273474uLL},
    {"coffee", 3, 3473, 3785221461612160uLL},
    {"coffee", 4, 1742, 1947598234289212uLL},
    {"coffee", 5, 918, 1019885775465932uLL},
    {"coffee", 6, 579, 645711970769982uLL},
    {"coffee", 7, 384, 435770404342778uLL},
    {"coffee", 8, 235, 273538507428732uLL},
    {"coffee", 9, 150, 180731703363378uLL},
    {"coffee", 10, 81, 94002690087736uLL},
    {"coffee", 11, 54, 64530318611902uLL},
    {"coffee", 12, 31, 39103189471404uLL},
    {"coffee", 13, 23, 29024285862480uLL},
    {"coffee", 14, 10, 13353024256332uLL},
    {"coffee", 15, 5, 7159076546762uLL},
    {"coffee", 16, 5, 7159076546762uLL},
    {"coffee", 17, 3, 3480075710054uLL},
    {"coffee", 18, 2, 2501210620154uLL},
    {"coffee", 19, 2, 2501210620154uLL},
    {"coffee", 20, 2, 2501210620154uLL},
    {"coffee", 21, 1, 960916658462uLL},
    {"coffee", 22, 1, 960916658462uLL},
    {"coffee", 23, 1, 960916658462uLL},
    {"coffee", 24, 0, 0uLL},
    {"coffee", 25, 0, 0uLL},
    {"astronaut_384", 1, 9208, 7055547480042880uLL},
    {"astronaut_384", 2, 5112, 3900748852481872uLL},
    {"astronaut_384", 3, 3014, 2305241310572174uLL},
    {"astronaut_384", 4, 1653, 1274607310267068uLL},
    {"astronaut_384", 5, 985, 777839441178058uLL},
    {"astronaut_384", 6, 602, 476593715921580uLL},
    {"astronaut_384", 7, 372, 295704799828224uLL},
    {"astronaut_384", 8, 221, 170316371961830uLL},
    {"astronaut_384", 9, 154, 117527859970808uLL},
    {"astronaut_384", 10, 105, 77519754802734uLL},
    {"astronaut_384", 11, 66, 49394091499854uLL},
    {"astronaut_384", 12, 51, 41317873293826uLL},
    {"astronaut_384", 13, 32, 25850091560830uLL},
    {"astronaut_384", 14, 21, 15280874984320uLL},
    {"astronaut_384", 15, 15, 12798333717824uLL},
    {"astronaut_384", 16, 13, 11986292221208uLL},
    {"astronaut_384", 17, 12, 10243489665598uLL},
    {"astronaut_384", 18, 10, 8410464627864uLL},
    {"astronaut_384", 19, 7, 4904706666456uLL},
    {"astronaut_384", 20, 6, 5431719172842uLL},
    {"astronaut_384", 21, 5, 4073749024912uLL},
    {"astronaut_384", 22, 1, 212359231010uLL},
    {"astronaut_384", 23, 1, 212359231010uLL},
    {"astronaut_384", 24, 1, 212359231010uLL},
    {"astronaut_384", 25, 1, 212359231010uLL},
};
// ... and raw candidates over the whole pyramid (scaleFactor 1.1) of the truncated cascades
const StageRef kPyramidRefs[] = {
    {"astronaut", 1, 168374, 205563472520229143uLL},
    {"astronaut", 2, 96824, 118584004936589549uLL},
    {"astronaut", 3, 57391, 70353915011145578uLL},
    {"astronaut", 5, 18279, 22409442377465186uLL},
    {"astronaut", 8, 3857, 4599755289468371uLL},
    {"astronaut", 12, 824, 946273038782538uLL},
    {"astronaut", 18, 144, 165708287506382uLL},
    {"astronaut", 25, 47, 45583932939130uLL},
    {"coffee", 1, 138024, 168358380992795567uLL},
    {"coffee", 2, 66630, 83237019262472054uLL},
    {"coffee", 3, 34189, 43435669596701271uLL},
    {"coffee", 5, 9408, 12068202834763919uLL},
    {"coffee", 8, 2173, 2895921630393644uLL},
    {"coffee", 12, 351, 458273900917947uLL},
    {"coffee", 18, 49, 64998058325457uLL},
    {"coffee", 25, 2, 1617748950466uLL},
    {"astronaut_384", 1, 96360, 90464943230836566uLL},
    {"astronaut_384", 2, 57193, 53938770661634179uLL},
    {"astronaut_384", 3, 34059, 32105391269928033uLL},
    {"astronaut_384", 5, 10805, 10156406905589997uLL},
    {"astronaut_384", 8, 2306, 2092660148850211uLL},
    {"astronaut_384", 12, 568, 495898939181780uLL},
    {"astronaut_384", 18, 121, 99930565372712uLL},
    {"astronaut_384", 25, 44, 31914755725531uLL},
};

} // namespace mlviz::cd_test
