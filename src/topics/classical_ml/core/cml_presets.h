// The classical-ML topic's presets as data rows: one table per tab. Titles and notes are
// translation keys (MLVIZ_TR_KEY); the ensemble and imbalance rows were chosen by measuring their
// curves with this core (the numbers are in tests/topics/classical_ml/core/cml_presets_test.cpp).
#pragma once
#include <array>
#include <span>
#include <string_view>

#include "topics/classical_ml/core/cml_boosting.h"
#include "topics/classical_ml/core/cml_dataset.h"
#include "topics/classical_ml/core/cml_forest.h"
#include "topics/classical_ml/core/cml_imbalance.h"

namespace mlviz {

struct CmlProjectionPreset {
    std::string_view Id; // URL / CLI name
    const char* Title;   // translation key
    const char* Note;    // what to look at (translation key)
    CmlDataConfig Data;
};

struct CmlEnsemblePreset {
    std::string_view Id;
    const char* Title;
    const char* Note;
    CmlDataConfig Data; // train = stream 0, test = stream 1
    CmlForestParams Forest;
    CmlBoostingParams Boosting;
};

struct CmlImbalancePreset {
    std::string_view Id;
    const char* Title;
    const char* Note;
    CmlImbalanceConfig Config; // two blobs; class 1 is the minority
    double Threshold = 0.5;    // decision threshold on P(class 1), [0, 1]
};

// A 2-D Gaussian with principal standard deviations (a, b), the first axis at `degrees`.
CmlBlob CmlRotatedBlob(double mean_x, double mean_y, double a, double b, double degrees, int count);
// The blobs of the topic's defaults: 0 and 1 those of the imbalance presets (a wide majority at the
// origin, a small minority apart), 2 and 3 two more classes for the 3- and 4-class sets.
std::array<CmlBlob, kCmlMaxClasses> CmlDefaultBlobs();

std::span<const CmlProjectionPreset> CmlProjectionPresets();
std::span<const CmlEnsemblePreset> CmlEnsemblePresets();
std::span<const CmlImbalancePreset> CmlImbalancePresets();

} // namespace mlviz
