// The classical_ml CLI function, called directly (it is registered in mlviz-cli later): every
// case of classical_ml_cases.json (expected numbers from sklearn 1.2 / imblearn 0.10, written by
// tools/classical_ml_cli_cases.py) with test_cli.py's matching rules, and error messages.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/cli_json.h"

namespace mlviz {
Json ClassicalMlCommand(const Json& input);
}

using namespace mlviz;

namespace {

// test_cli.py's compare(): objects as subsets, arrays of equal length, numbers to 1e-9 relative
// (1e-12 absolute), everything else exactly.
void Compare(const Json& want, const Json& got, const std::string& path)
{
    INFO("at " << path);
    if (want.is_object()) {
        REQUIRE(got.is_object());
        for (auto it = want.begin(); it != want.end(); ++it) {
            REQUIRE(got.contains(it.key()));
            Compare(it.value(), got[it.key()], path + "." + it.key());
        }
    } else if (want.is_array()) {
        REQUIRE(got.is_array());
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) Compare(want[i], got[i], path + "[" + std::to_string(i) + "]");
    } else if (want.is_number()) {
        REQUIRE(got.is_number());
        const double a = want.get<double>(), b = got.get<double>();
        CHECK(std::fabs(a - b) <= std::max(1e-12, 1e-9 * std::max(std::fabs(a), std::fabs(b))));
    } else {
        CHECK(want == got);
    }
}

Json Run(const Json& in, std::string* error)
{
    try {
        return ClassicalMlCommand(in);
    } catch (const CliInputError& e) {
        *error = e.Message;
        return nullptr;
    }
}

} // namespace

TEST_CASE("classical_ml CLI cases (sklearn / imblearn expectations)", "[classical_ml][cli]")
{
    std::ifstream f(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics/classical_ml/cli/classical_ml_cases.json");
    REQUIRE(f.good());
    const Json cases = Json::parse(f);
    REQUIRE(cases.size() > 20);
    for (const Json& c : cases) {
        INFO(c["name"].get<std::string>());
        std::string error;
        const Json out = Run(c["input"], &error);
        if (c["exit"] == 0) {
            REQUIRE(error.empty());
            if (c.contains("expect")) Compare(c["expect"], out, "output");
        } else {
            REQUIRE_FALSE(error.empty());
            CHECK(error.find(c["error_contains"].get<std::string>()) != std::string::npos);
        }
    }
}

TEST_CASE("classical_ml CLI: core errors come in English, outputs are consistent", "[classical_ml][cli]")
{
    std::string error;
    Run(Json{{"op", "lda"}, {"x", {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}}}, {"y", {0, 0, 0, 1, 1, 1}}}, &error);
    CHECK(error.find("LDA") != std::string::npos);
    const Json gbm = Run(Json{{"op", "gbm"}, {"x", {{0, 0}, {1, 0}, {2, 0}, {3, 0}}}, {"y", {0, 0, 1, 1}}, {"n_estimators", 3}}, &error);
    REQUIRE(gbm.is_object());
    CHECK(gbm["raw_predictions"].size() == 3);   // all stages by default
    CHECK(gbm["curve"]["trees"] == Json({0, 1, 2, 3}));
    const Json proba = gbm["proba"][2][0];
    CHECK(proba[0].get<double>() + proba[1].get<double>() == Approx(1.0));
    // Labels 0 and 2 only: two classes present, one boosting output, probabilities for 3 classes.
    const Json gap = Run(Json{{"op", "gbm"}, {"x", {{0, 0}, {1, 0}, {2, 0}, {3, 0}}}, {"y", {0, 0, 2, 2}}, {"n_estimators", 2}}, &error);
    REQUIRE(gap.is_object());
    CHECK(gap["classes"] == Json({0, 2}));
    CHECK(gap["raw_predictions"][1][0].size() == 1);
    CHECK(gap["proba"][1][0].size() == 3);
    CHECK(gap["proba"][1][0][1] == 0.0);
    const Json fgap = Run(Json{{"op", "forest"}, {"x", {{0, 0}, {1, 0}, {2, 0}, {3, 0}}}, {"y", {0, 0, 2, 2}}, {"n_estimators", 2}}, &error);
    CHECK(fgap["proba"][1][3][2].get<double>() > 0.0);
    const Json ds = Run(Json{{"op", "dataset"}, {"shape", "blobs"}, {"num_classes", 3}, {"points_per_class", 5}}, &error);
    CHECK(ds["x"].size() == 15);
    const Json sm = Run(Json{{"op", "smote"}, {"x", ds["x"]}, {"y", {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2}}, {"k_neighbors", 2}}, &error);
    CHECK(sm["synthetic"].empty());   // balanced already
    error.clear();
    Run(Json{{"op", "pr_curve"}, {"scores", std::vector<double>(200001, 0.5)}, {"labels", std::vector<int>(200001, 0)}}, &error);
    CHECK(error.find("'scores'") != std::string::npos);   // bounded: the answer stays small and fast
}
