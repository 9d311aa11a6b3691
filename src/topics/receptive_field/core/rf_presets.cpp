#include "topics/receptive_field/core/rf_presets.h"

#include <algorithm>
#include <string>

namespace mlviz {

namespace {

constexpr RfPresetInfo kPresets[] = {
    {RfPreset::AlexNet, "alexnet", "AlexNet", "torchvision alexnet: features — 5 свёрток, 3 max-pool", {224, 224}, false},
    {RfPreset::Vgg16, "vgg16", "VGG-16", "torchvision vgg16 (конфигурация D): 13 свёрток 3×3, 5 max-pool", {224, 224}, false},
    {RfPreset::ResNet18,
     "resnet18",
     "ResNet-18",
     "torchvision resnet18: главный путь блоков, без обходных связей",
     {224, 224},
     false},
    {RfPreset::ResNet50,
     "resnet50",
     "ResNet-50",
     "torchvision resnet50 (v1.5): главный путь блоков, без обходных связей",
     {224, 224},
     false},
    {RfPreset::MobileNetV1,
     "mobilenet_v1",
     "MobileNet v1",
     "Howard et al. 2017, табл. 1: dw + 1×1; последняя dw с шагом 1 (в таблице опечатка s2)",
     {224, 224},
     false},
    {RfPreset::Stack3x3, "stack_3x3", "N свёрток 3×3", "N свёрток 3×3 с паддингом 1: r = 2N + 1", {16, 16}, true},
    {RfPreset::Dilated3x3,
     "dilated_3x3",
     "3×3, dilation 1-2-4-8",
     "3×3 с dilation 1, 2, 4, 8: r = 3, 7, 15, 31",
     {32, 32},
     false},
    {RfPreset::One5x5, "one_5x5", "Одна 5×5", "одна свёртка 5×5: r = 5, 25·C² весов", {12, 12}, false},
    {RfPreset::Two3x3, "two_3x3", "Две 3×3", "две свёртки 3×3: тот же r = 5, 18·C² весов", {12, 12}, false},
    {RfPreset::One7x7, "one_7x7", "Одна 7×7", "одна свёртка 7×7: r = 7, 49·C² весов", {14, 14}, false},
    {RfPreset::Three3x3, "three_3x3", "Три 3×3", "три свёртки 3×3: тот же r = 7, 27·C² весов", {14, 14}, false},
};

constexpr int kTeachingChannels = 64;

RfLayer Conv(std::string_view name, int in, int out, int k, int s, int p, bool bias, int groups = 1, int d = 1)
{
    RfLayer l;
    l.Type = RfLayerType::Conv;
    l.Kernel = {k, k};
    l.Stride = {s, s};
    l.Padding = {p, p};
    l.Dilation = {d, d};
    l.InChannels = in;
    l.OutChannels = out;
    l.Groups = groups;
    l.Bias = bias;
    l.SetName(name);
    return l;
}

RfLayer MaxPool(std::string_view name, int k, int s, int p)
{
    RfLayer l;
    l.Type = RfLayerType::MaxPool;
    l.Kernel = {k, k};
    l.Stride = {s, s};
    l.Padding = {p, p};
    l.SetName(name);
    return l;
}

void AddAlexNet(std::vector<RfLayer>& v)
{
    v.push_back(Conv("features.0", 3, 64, 11, 4, 2, true));
    v.push_back(MaxPool("features.2", 3, 2, 0));
    v.push_back(Conv("features.3", 64, 192, 5, 1, 2, true));
    v.push_back(MaxPool("features.5", 3, 2, 0));
    v.push_back(Conv("features.6", 192, 384, 3, 1, 1, true));
    v.push_back(Conv("features.8", 384, 256, 3, 1, 1, true));
    v.push_back(Conv("features.10", 256, 256, 3, 1, 1, true));
    v.push_back(MaxPool("features.12", 3, 2, 0));
}

// torchvision's cfgs["D"]; module indices advance by 2 for conv + ReLU, by 1 for a pool.
void AddVgg16(std::vector<RfLayer>& v)
{
    const int cfg[] = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
    int index = 0, channels = 3;
    for (int c : cfg) {
        const std::string name = "features." + std::to_string(index);
        if (c == 0) {
            v.push_back(MaxPool(name, 2, 2, 0));
            index += 1;
        } else {
            v.push_back(Conv(name, channels, c, 3, 1, 1, true));
            channels = c;
            index += 2;
        }
    }
}

void AddResNetStem(std::vector<RfLayer>& v)
{
    v.push_back(Conv("conv1", 3, 64, 7, 2, 3, false));
    v.push_back(MaxPool("maxpool", 3, 2, 1));
}

// BasicBlock: conv1 3×3 (stride s), conv2 3×3.
void AddResNet18(std::vector<RfLayer>& v)
{
    AddResNetStem(v);
    int in = 64;
    for (int stage = 0; stage < 4; ++stage) {
        const int width = 64 << stage;
        for (int b = 0; b < 2; ++b) {
            const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(b) + ".";
            const int s = (stage > 0 && b == 0) ? 2 : 1;
            v.push_back(Conv(p + "conv1", in, width, 3, s, 1, false));
            v.push_back(Conv(p + "conv2", width, width, 3, 1, 1, false));
            in = width;
        }
    }
}

// Bottleneck v1.5: conv1 1×1, conv2 3×3 (stride s), conv3 1×1 to 4 × width.
void AddResNet50(std::vector<RfLayer>& v)
{
    AddResNetStem(v);
    const int blocks[4] = {3, 4, 6, 3};
    int in = 64;
    for (int stage = 0; stage < 4; ++stage) {
        const int width = 64 << stage;
        for (int b = 0; b < blocks[stage]; ++b) {
            const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(b) + ".";
            const int s = (stage > 0 && b == 0) ? 2 : 1;
            v.push_back(Conv(p + "conv1", in, width, 1, 1, 0, false));
            v.push_back(Conv(p + "conv2", width, width, 3, s, 1, false));
            v.push_back(Conv(p + "conv3", width, 4 * width, 1, 1, 0, false));
            in = 4 * width;
        }
    }
}

// Table 1 rows after the first convolution: {depthwise stride, pointwise output channels}.
void AddMobileNetV1(std::vector<RfLayer>& v)
{
    v.push_back(Conv("conv1", 3, 32, 3, 2, 1, false));
    const int rows[13][2] = {{1, 64},  {2, 128}, {1, 128}, {2, 256}, {1, 256},  {2, 512}, {1, 512},
                             {1, 512}, {1, 512}, {1, 512}, {1, 512}, {2, 1024}, {1, 1024}};
    int in = 32;
    for (int i = 0; i < 13; ++i) {
        const std::string p = "block" + std::to_string(i + 1) + ".";
        v.push_back(Conv(p + "dw", in, in, 3, rows[i][0], 1, false, in));
        v.push_back(Conv(p + "pw", in, rows[i][1], 1, 1, 0, false));
        in = rows[i][1];
    }
}

void AddStack(std::vector<RfLayer>& v, int count, int kernel)
{
    for (int i = 0; i < count; ++i)
        v.push_back(Conv("conv" + std::to_string(i + 1), kTeachingChannels, kTeachingChannels, kernel, 1, kernel / 2, true));
}

} // namespace

std::span<const RfPresetInfo> RfPresets()
{
    return kPresets;
}

const RfPresetInfo& RfPresetInfoOf(RfPreset p)
{
    for (const auto& info : kPresets)
        if (info.Id == p) return info;
    return kPresets[0];
}

const RfPresetInfo* FindRfPreset(std::string_view name)
{
    for (const auto& info : kPresets)
        if (info.Name == name) return &info;
    return nullptr;
}

RfStack MakeRfPreset(RfPreset p, RfPair input_size, int depth)
{
    RfStack s;
    s.InputSize = input_size;
    s.InputChannels = 3;
    switch (p) {
    case RfPreset::AlexNet: AddAlexNet(s.Layers); break;
    case RfPreset::Vgg16: AddVgg16(s.Layers); break;
    case RfPreset::ResNet18: AddResNet18(s.Layers); break;
    case RfPreset::ResNet50: AddResNet50(s.Layers); break;
    case RfPreset::MobileNetV1: AddMobileNetV1(s.Layers); break;
    case RfPreset::Stack3x3: AddStack(s.Layers, std::clamp(depth, kRfPresetDepthMin, kRfPresetDepthMax), 3); break;
    case RfPreset::Dilated3x3:
        for (int i = 0; i < 4; ++i) {
            const int d = 1 << i;
            s.Layers.push_back(Conv("conv" + std::to_string(i + 1), kTeachingChannels, kTeachingChannels, 3, 1, d, true, 1, d));
        }
        break;
    case RfPreset::One5x5: AddStack(s.Layers, 1, 5); break;
    case RfPreset::Two3x3: AddStack(s.Layers, 2, 3); break;
    case RfPreset::One7x7: AddStack(s.Layers, 1, 7); break;
    case RfPreset::Three3x3: AddStack(s.Layers, 3, 3); break;
    case RfPreset::Count: break;
    }
    if (p >= RfPreset::Stack3x3) s.InputChannels = kTeachingChannels;
    return s;
}

} // namespace mlviz
