// Presets against torchvision 0.14 and the MobileNet v1 paper: layer names, output sizes at
// 224×224, parameters and multiply-adds per layer, and the receptive field of the last layer.
#include <catch2/catch.hpp>

#include <string>

#include "topics/receptive_field/core/rf_presets.h"

using namespace mlviz;

namespace {

struct TorchLayer {
    const char* Name;
    int OutSide;
    std::int64_t Params, Macs;
};

// Produced once with python3-torchvision 0.14.1 (Debian): forward hooks on every Conv2d /
// MaxPool2d outside `downsample` of torchvision.models.<name>() on a 1×3×224×224 input;
// params = numel of weight (+ bias), macs = out.numel() * in_channels / groups * kh * kw.
const TorchLayer kAlexNet[] = {
    {"features.0", 55, 23296, 70276800},   {"features.2", 27, 0, 0},
    {"features.3", 27, 307392, 223948800}, {"features.5", 13, 0, 0},
    {"features.6", 13, 663936, 112140288}, {"features.8", 13, 884992, 149520384},
    {"features.10", 13, 590080, 99680256}, {"features.12", 6, 0, 0},
};
const TorchLayer kVgg16[] = {
    {"features.0", 224, 1792, 86704128},
    {"features.2", 224, 36928, 1849688064},
    {"features.4", 112, 0, 0},
    {"features.5", 112, 73856, 924844032},
    {"features.7", 112, 147584, 1849688064},
    {"features.9", 56, 0, 0},
    {"features.10", 56, 295168, 924844032},
    {"features.12", 56, 590080, 1849688064},
    {"features.14", 56, 590080, 1849688064},
    {"features.16", 28, 0, 0},
    {"features.17", 28, 1180160, 924844032},
    {"features.19", 28, 2359808, 1849688064},
    {"features.21", 28, 2359808, 1849688064},
    {"features.23", 14, 0, 0},
    {"features.24", 14, 2359808, 462422016},
    {"features.26", 14, 2359808, 462422016},
    {"features.28", 14, 2359808, 462422016},
    {"features.30", 7, 0, 0},
};
const TorchLayer kResNet18[] = {
    {"conv1", 112, 9408, 118013952},           {"maxpool", 56, 0, 0},
    {"layer1.0.conv1", 56, 36864, 115605504},  {"layer1.0.conv2", 56, 36864, 115605504},
    {"layer1.1.conv1", 56, 36864, 115605504},  {"layer1.1.conv2", 56, 36864, 115605504},
    {"layer2.0.conv1", 28, 73728, 57802752},   {"layer2.0.conv2", 28, 147456, 115605504},
    {"layer2.1.conv1", 28, 147456, 115605504}, {"layer2.1.conv2", 28, 147456, 115605504},
    {"layer3.0.conv1", 14, 294912, 57802752},  {"layer3.0.conv2", 14, 589824, 115605504},
    {"layer3.1.conv1", 14, 589824, 115605504}, {"layer3.1.conv2", 14, 589824, 115605504},
    {"layer4.0.conv1", 7, 1179648, 57802752},  {"layer4.0.conv2", 7, 2359296, 115605504},
    {"layer4.1.conv1", 7, 2359296, 115605504}, {"layer4.1.conv2", 7, 2359296, 115605504},
};
const TorchLayer kResNet50[] = {
    {"conv1", 112, 9408, 118013952},           {"maxpool", 56, 0, 0},
    {"layer1.0.conv1", 56, 4096, 12845056},    {"layer1.0.conv2", 56, 36864, 115605504},
    {"layer1.0.conv3", 56, 16384, 51380224},   {"layer1.1.conv1", 56, 16384, 51380224},
    {"layer1.1.conv2", 56, 36864, 115605504},  {"layer1.1.conv3", 56, 16384, 51380224},
    {"layer1.2.conv1", 56, 16384, 51380224},   {"layer1.2.conv2", 56, 36864, 115605504},
    {"layer1.2.conv3", 56, 16384, 51380224},   {"layer2.0.conv1", 56, 32768, 102760448},
    {"layer2.0.conv2", 28, 147456, 115605504}, {"layer2.0.conv3", 28, 65536, 51380224},
    {"layer2.1.conv1", 28, 65536, 51380224},   {"layer2.1.conv2", 28, 147456, 115605504},
    {"layer2.1.conv3", 28, 65536, 51380224},   {"layer2.2.conv1", 28, 65536, 51380224},
    {"layer2.2.conv2", 28, 147456, 115605504}, {"layer2.2.conv3", 28, 65536, 51380224},
    {"layer2.3.conv1", 28, 65536, 51380224},   {"layer2.3.conv2", 28, 147456, 115605504},
    {"layer2.3.conv3", 28, 65536, 51380224},   {"layer3.0.conv1", 28, 131072, 102760448},
    {"layer3.0.conv2", 14, 589824, 115605504}, {"layer3.0.conv3", 14, 262144, 51380224},
    {"layer3.1.conv1", 14, 262144, 51380224},  {"layer3.1.conv2", 14, 589824, 115605504},
    {"layer3.1.conv3", 14, 262144, 51380224},  {"layer3.2.conv1", 14, 262144, 51380224},
    {"layer3.2.conv2", 14, 589824, 115605504}, {"layer3.2.conv3", 14, 262144, 51380224},
    {"layer3.3.conv1", 14, 262144, 51380224},  {"layer3.3.conv2", 14, 589824, 115605504},
    {"layer3.3.conv3", 14, 262144, 51380224},  {"layer3.4.conv1", 14, 262144, 51380224},
    {"layer3.4.conv2", 14, 589824, 115605504}, {"layer3.4.conv3", 14, 262144, 51380224},
    {"layer3.5.conv1", 14, 262144, 51380224},  {"layer3.5.conv2", 14, 589824, 115605504},
    {"layer3.5.conv3", 14, 262144, 51380224},  {"layer4.0.conv1", 14, 524288, 102760448},
    {"layer4.0.conv2", 7, 2359296, 115605504}, {"layer4.0.conv3", 7, 1048576, 51380224},
    {"layer4.1.conv1", 7, 1048576, 51380224},  {"layer4.1.conv2", 7, 2359296, 115605504},
    {"layer4.1.conv3", 7, 1048576, 51380224},  {"layer4.2.conv1", 7, 1048576, 51380224},
    {"layer4.2.conv2", 7, 2359296, 115605504}, {"layer4.2.conv3", 7, 1048576, 51380224},
};

void CheckAgainstTorch(RfPreset preset, std::span<const TorchLayer> expected, std::int64_t params, std::int64_t macs)
{
    const RfStack s = MakeRfPreset(preset, {224, 224});
    const auto a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    REQUIRE(s.Layers.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO(expected[i].Name);
        CHECK(s.Layers[i].NameView() == expected[i].Name);
        CHECK(a->Layers[i].OutSize == RfPair{expected[i].OutSide, expected[i].OutSide});
        CHECK(a->Layers[i].Params == expected[i].Params);
        CHECK(a->Layers[i].Macs == expected[i].Macs);
    }
    CHECK(a->TotalParams() == params);
    CHECK(a->TotalMacs() == macs);
}

// Receptive field of the last layer measured with torch autograd: every layer copied to one
// channel (Conv2d weights 1, pools replaced by AvgPool2d with the same geometry), a 1024×1024
// input, the non-zero support of d y[centre] / d x and of its neighbour gave r, j and P.
void CheckField(RfPreset preset, std::int64_t r, std::int64_t j, std::int64_t p)
{
    const RfStack s = MakeRfPreset(preset, {224, 224});
    const auto a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    const RfLayerInfo& top = a->Layers.back();
    CHECK(top.Rf[0] == r);
    CHECK(top.Rf[1] == r);
    CHECK(top.Jump[0] == j);
    CHECK(top.Start[0] == 0.5 * static_cast<double>(r - 1) - static_cast<double>(p));
}

} // namespace

TEST_CASE("rf presets: torchvision architectures at 224×224", "[rf]")
{
    CheckAgainstTorch(RfPreset::AlexNet, kAlexNet, 2469696, 655566528);
    CheckAgainstTorch(RfPreset::Vgg16, kVgg16, 14714688, 15346630656);
    CheckAgainstTorch(RfPreset::ResNet18, kResNet18, 10994880, 1794293760);
    CheckAgainstTorch(RfPreset::ResNet50, kResNet50, 20686016, 3727474688);
    CheckField(RfPreset::AlexNet, 195, 32, 66);
    CheckField(RfPreset::Vgg16, 212, 32, 90);
    CheckField(RfPreset::ResNet18, 435, 32, 217);
    CheckField(RfPreset::ResNet50, 427, 32, 213);
}

TEST_CASE("rf presets: MobileNet v1 as in Table 1 of Howard et al.", "[rf]")
{
    const RfStack s = MakeRfPreset(RfPreset::MobileNetV1, {224, 224});
    const auto a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    // 1 standard + 13 depthwise + 13 pointwise convolutions ("28 layers" with the FC layer).
    REQUIRE(s.Layers.size() == 27);
    // Output sides from the "Input Size" column of Table 1 (the next row's input).
    const int sides[27] = {112, 112, 112, 56, 56, 56, 56, 28, 28, 28, 28, 14, 14, 14,
                           14,  14,  14,  14, 14, 14, 14, 14, 14, 7,  7,  7,  7};
    int depthwise = 0;
    for (int i = 0; i < 27; ++i) {
        INFO("layer " << i);
        CHECK(a->Layers[static_cast<std::size_t>(i)].OutSize == RfPair{sides[i], sides[i]});
        if (s.Layers[static_cast<std::size_t>(i)].Groups > 1) {
            ++depthwise;
            CHECK(s.Layers[static_cast<std::size_t>(i)].Groups == a->Layers[static_cast<std::size_t>(i)].InChannels);
        }
    }
    CHECK(depthwise == 13);
    CHECK(a->Layers.back().OutChannels == 1024);
    // Keras' MobileNet(alpha=1) has 4,253,864 parameters: minus 43,776 batch-norm values and the
    // 1,025,000 of the 1024 -> 1000 classifier leaves 3,185,088 convolution weights.
    CHECK(a->TotalParams() == 3185088);
    // Table 1 / Table 8: 569 million multiply-adds including the classifier's 1,024,000.
    CHECK(std::abs(static_cast<double>(a->TotalMacs() + 1024000) - 569e6) < 0.5e6);
}

TEST_CASE("rf presets: teaching stacks", "[rf]")
{
    for (int n = 1; n <= 12; ++n) {
        const RfStack s = MakeRfPreset(RfPreset::Stack3x3, {32, 32}, n);
        const auto a = AnalyzeStack(s);
        REQUIRE(a.Ok());
        CHECK(static_cast<int>(s.Layers.size()) == n);
        CHECK(a->Layers.back().Rf[0] == 2 * n + 1);
        CHECK(a->Layers.back().OutSize == RfPair{32, 32});
    }
    const RfStack d = MakeRfPreset(RfPreset::Dilated3x3, {32, 32});
    const auto ad = AnalyzeStack(d);
    REQUIRE(ad.Ok());
    const std::int64_t grow[4] = {3, 7, 15, 31}; // 2^(l+1) - 1: exponential in depth
    for (int l = 0; l < 4; ++l) CHECK(ad->Layers[static_cast<std::size_t>(l)].Rf[0] == grow[l]);
    CHECK(ad->Layers.back().OutSize == RfPair{32, 32});

    auto field_and_weights = [](RfPreset p) {
        const RfStack s = MakeRfPreset(p, RfPresetInfoOf(p).DefaultInput);
        const auto a = AnalyzeStack(s);
        REQUIRE(a.Ok());
        std::int64_t weights = 0;
        for (const auto& l : a->Layers) weights += l.Params - l.OutChannels; // without biases
        return std::pair<std::int64_t, std::int64_t>(a->Layers.back().Rf[0], weights);
    };
    const auto five = field_and_weights(RfPreset::One5x5), two = field_and_weights(RfPreset::Two3x3);
    CHECK(five.first == 5);
    CHECK(two.first == 5);
    CHECK(five.second * 18 == two.second * 25); // 25 C² vs 18 C²
    const auto seven = field_and_weights(RfPreset::One7x7), three = field_and_weights(RfPreset::Three3x3);
    CHECK(seven.first == 7);
    CHECK(three.first == 7);
    CHECK(seven.second * 27 == three.second * 49);
}

TEST_CASE("rf presets: names are unique and resolve", "[rf]")
{
    for (const RfPresetInfo& p : RfPresets()) {
        REQUIRE(FindRfPreset(p.Name) == &p);
        CHECK(&RfPresetInfoOf(p.Id) == &p);
        CHECK(AnalyzeStack(MakeRfPreset(p.Id, p.DefaultInput)).Ok());
    }
    CHECK(FindRfPreset("resnet101") == nullptr);
    CHECK(RfPresets().size() == static_cast<std::size_t>(RfPreset::Count));
}
