// Receptive-field topic state: URL round trips, edited layers as text, bad values.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include "core/deeplink.h"
#include "topics/receptive_field/core/rf_state.h"

using namespace mlviz;

namespace {

ReceptiveFieldState Decode(const std::string& text, std::vector<std::string>* notices = nullptr)
{
    ReceptiveFieldState s;
    auto n = RfStateSchema().Decode(ParseKeyValues(text), s);
    if (notices) *notices = Texts(n);
    return s;
}

std::string Encode(const ReceptiveFieldState& s)
{
    return RfStateSchema().Encode(s, ReceptiveFieldState());
}

bool SameStack(const ReceptiveFieldState& a, const ReceptiveFieldState& b)
{
    const RfStack x = StackOf(a), y = StackOf(b);
    if (x.InputSize != y.InputSize || x.InputChannels != y.InputChannels || x.Layers.size() != y.Layers.size()) return false;
    for (std::size_t i = 0; i < x.Layers.size(); ++i) {
        const RfLayer &p = x.Layers[i], &q = y.Layers[i];
        if (p.Type != q.Type || p.Kernel != q.Kernel || p.Stride != q.Stride || p.Padding != q.Padding ||
            p.Dilation != q.Dilation)
            return false;
        // Channels, groups and bias mean nothing for a pool.
        if (p.Type == RfLayerType::Conv && (p.OutChannels != q.OutChannels || p.Groups != q.Groups || p.Bias != q.Bias))
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("rf state: defaults encode to nothing, presets and selections round-trip", "[rf]")
{
    CHECK(Encode(ReceptiveFieldState()).empty());
    ReceptiveFieldState s;
    LoadRfPreset(s, RfPreset::ResNet50);
    s.SelMap = 50;
    s.SelY = 3;
    s.SelX = 4;
    s.Tab = static_cast<int>(RfTab::Erf);
    s.ErfWeights = 1;
    s.ErfSeeds = 16;
    s.ErfLog = true;
    const std::string text = Encode(s);
    CHECK(text == "preset=resnet50&h=224&w=224&cin=3&sel=50.3.4&tab=erf&erf=random&log=1&seeds=16");
    const ReceptiveFieldState back = Decode(text);
    CHECK(SameStack(back, s));
    CHECK(back.SelMap == 50);
    CHECK(back.SelX == 4);
    CHECK(back.Tab == static_cast<int>(RfTab::Erf));
    CHECK(back.ErfSeeds == 16);
    CHECK(back.ErfLog);
    CHECK(Encode(back) == text);

    // stack_3x3's depth reloads the preset but keeps a custom input size.
    const ReceptiveFieldState deep = Decode("preset=stack_3x3&depth=7&h=40");
    CHECK(deep.LayerCount == 7);
    CHECK(deep.InputSize == RfPair{40, 16});
}

TEST_CASE("rf state: edited layers travel as text", "[rf]")
{
    ReceptiveFieldState s;
    LoadRfPreset(s, RfPreset::MobileNetV1);
    s.Layers[3].Kernel = {5, 3};
    s.Layers[3].Padding = {2, 1};
    s.Layers[4].Bias = true;
    s.Layers[5].Dilation = {2, 2};
    s.Layers[6].Type = RfLayerType::AvgPool;
    s.Layers[6].Kernel = {2, 2};
    s.Layers[6].Stride = {1, 1};
    s.LayerCount = 20;
    s.Edited = true;
    const std::string layers = EncodeRfLayers(s);
    CHECK(layers.substr(0, 24) == "ck3s2p1o32n_ck3p1o32g32n");
    const ReceptiveFieldState back = Decode(Encode(s));
    CHECK(back.Edited);
    CHECK(SameStack(back, s));
    CHECK(EncodeRfLayers(back) == layers);

    // A pool without 's' gets torch's default stride = kernel.
    ReceptiveFieldState p = Decode("layers=ck3p1_mk2_ak3x1s1p1x0");
    REQUIRE(p.LayerCount == 3);
    CHECK(p.Layers[1].Stride == RfPair{2, 2});
    CHECK(p.Layers[2].Kernel == RfPair{3, 1});
    CHECK(p.Layers[2].Padding == RfPair{1, 0});
}

TEST_CASE("rf state: bad values give notices and keep a valid state", "[rf]")
{
    std::vector<std::string> notices;
    const ReceptiveFieldState s = Decode("preset=resnet101&h=0&layers=ck3_zk2&sel=1.2&tab=nope&seeds=999", &notices);
    CHECK(notices.size() == 6);
    CHECK(s.Preset == static_cast<int>(RfPreset::Dilated3x3));
    CHECK(s.InputSize[0] == 1); // clamped
    CHECK(s.LayerCount == 4);   // the bad layer list was ignored
    CHECK(s.SelMap == -1);
    CHECK(s.ErfSeeds == 64);
    CHECK_THAT(notices[2], Catch::Contains("слой 2: неизвестный тип слоя 'z'"));
    std::vector<std::string> more;
    Decode("layers=ck&sel=1.2.3x", &more);
    REQUIRE(more.size() == 2);
    CHECK_THAT(more[0], Catch::Contains("после 'k' должно идти число"));
}
