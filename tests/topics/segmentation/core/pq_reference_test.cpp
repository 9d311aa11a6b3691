// The core's panoptic quality against the Python transcription of panopticapi's pq_compute
// (tools/segmentation_pq_reference.py, numpy 1.24) on 40 generated multi-image cases.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include "topics/segmentation/core/panoptic.h"

namespace mlviz::pq_reference {
extern const char* const kCaseChunks[];
extern const int kCaseChunkCount;
} // namespace mlviz::pq_reference

using namespace mlviz;

namespace {

PanopticMap Decode(const nlohmann::json& m)
{
    PanopticMap p;
    p.Width = m["width"].get<int>();
    p.Height = m["height"].get<int>();
    for (const auto& run : m["runs"]) p.Ids.insert(p.Ids.end(), run[1].get<std::size_t>(), run[0].get<std::int32_t>());
    for (const auto& s : m["segments"])
        p.Segments.push_back({s["id"].get<int>(), s["category_id"].get<int>(), false, s["iscrowd"].get<int>() == 1});
    return p;
}

void CheckSummary(const PanopticSummary& got, const nlohmann::json& want)
{
    if (want.is_null()) {
        CHECK_FALSE(got.Pq.has_value());
        return;
    }
    REQUIRE(got.Pq.has_value());
    CHECK(std::fabs(*got.Pq - want[0].get<double>()) <= 1e-12);
    CHECK(std::fabs(*got.Sq - want[1].get<double>()) <= 1e-12);
    CHECK(std::fabs(*got.Rq - want[2].get<double>()) <= 1e-12);
    CHECK(got.N == want[3].get<int>());
}

} // namespace

TEST_CASE("panoptic: matches the Python panopticapi transcription on generated cases", "[segmentation]")
{
    std::string text;
    for (int k = 0; k < pq_reference::kCaseChunkCount; ++k) text += pq_reference::kCaseChunks[k];
    const auto cases = nlohmann::json::parse(text);
    REQUIRE(cases.size() == 40);
    int crowd_excused = 0;
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const auto& c = cases[n];
        INFO("case " << n);
        std::vector<PanopticCategory> cats;
        for (const auto& k : c["categories"]) cats.push_back({k["id"].get<int>(), k["isthing"].get<int>() == 1});
        std::vector<PanopticMap> maps;
        for (const auto& img : c["images"]) {
            maps.push_back(Decode(img["gt"]));
            maps.push_back(Decode(img["pred"]));
        }
        std::vector<PanopticImagePair> pairs;
        for (std::size_t i = 0; i < maps.size(); i += 2) pairs.push_back({&maps[i], &maps[i + 1]});
        const auto r = ComputePanopticQuality(pairs, cats);
        REQUIRE(r.Ok());
        const auto& e = c["expect"];
        CheckSummary(r->All, e["all"]);
        CheckSummary(r->Things, e["things"]);
        CheckSummary(r->Stuff, e["stuff"]);
        for (std::size_t k = 0; k < cats.size(); ++k) {
            const auto& want = e["per_class"][k];
            const PanopticClassStat& got = r->PerClass[k];
            if (want.is_null()) {
                CHECK_FALSE(got.Pq.has_value());
                continue;
            }
            REQUIRE(got.Pq.has_value());
            CHECK(std::fabs(*got.Pq - want[0].get<double>()) <= 1e-12);
            CHECK(std::fabs(*got.Sq - want[1].get<double>()) <= 1e-12);
            CHECK(std::fabs(*got.Rq - want[2].get<double>()) <= 1e-12);
            CHECK(got.Tp == want[3].get<int>());
            CHECK(got.Fp == want[4].get<int>());
            CHECK(got.Fn == want[5].get<int>());
        }
        for (const auto& img : r->Images) crowd_excused += static_cast<int>(img.IgnoredPred.size());
    }
    CHECK(crowd_excused > 0); // the generated cases do exercise the void / crowd rule
}
