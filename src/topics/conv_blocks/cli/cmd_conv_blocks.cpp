// mlviz-cli conv_blocks: {"op": ...} selects one of the topic's calculators.
//   spp: {"op":"spp", "input": [C][H][W] or [H][W] numbers (C·H·W <= 2^20), "levels": [n, ...]
//        (default [1, 2, 4]; 1..8 levels, each 1..64), "pool": "max" (default) | "avg"}
//     -> {"length": C·Σn², "vector": [...], "shape": [C, H, W], "levels": [{"bins": n,
//        "rows": [[start, end], ...], "cols": [[start, end], ...], "values": [C][n][n],
//        "argmax": [C][n][n] flat input indices y·W + x (max only)}]}   (semantics: core/spp.h)
//   inception_cost: {"op":"inception_cost", "preset": "3a".."5b" (GoogLeNet, optional), and any of
//        "height", "width", "in_channels", "n1x1", "n3x3_reduce", "n3x3", "n5x5_reduce", "n5x5",
//        "pool_proj" (integers), "kernel3", "kernel5" (odd), "reduce3", "reduce5", "project_pool"
//        (booleans: the 1×1 bottlenecks); absent fields come from the preset, or from 3a}
//     -> {"output": [H, W, C], "weights", "biases", "params" (= weights + biases), "macs",
//        "branches": [{"branch": "1x1"|"3x3"|"5x5"|"pool", "out_channels", "weights", "biases",
//        "macs", "layers": [{"type": "conv"|"maxpool", "kernel", "in_channels", "out_channels",
//        "weights", "biases", "macs"}]}], "paper": {"params_k", "ops_m"} (only for an unmodified
//        preset whose Table 1 values are transcribed: 3a)}   (semantics: core/inception.h)
//   efficientnet: {"op":"efficientnet", "variant": "b0".."b7" (default b0), optional overrides
//        "width", "depth", "resolution", "num_classes"}
//     -> {"variant", "width", "depth", "resolution", "num_classes", "params", "macs",
//        "torchvision_params" (unmodified variants only), "stages": [{"kind": "stem"|"mbconv"|
//        "head"|"classifier", "expand_ratio", "kernel", "stride", "in_channels", "out_channels",
//        "layers", "in_size", "out_size", "params", "conv_params", "bn_params", "se_params",
//        "macs", "se_macs"}]}   (semantics: core/efficientnet.h)
//   conv2d, conv3d: forward and gradients of one sample through the nn core (cmd_conv_blocks_conv.cpp).
#include <cmath>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "topics/conv_blocks/core/efficientnet.h"
#include "topics/conv_blocks/core/inception.h"
#include "topics/conv_blocks/core/spp.h"

namespace mlviz {

namespace {

constexpr std::size_t kCliMaxMapValues = std::size_t(1) << 20;

std::string Indexed(const std::string& field, std::size_t i)
{
    return field + "[" + std::to_string(i) + "]";
}

// A rectangular nested array of finite numbers, [C][H][W] or [H][W] (then C = 1).
Grid3 ReadMap(const Json& in, const char* field)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "' (an array [C][H][W] or [H][W] of numbers)");
    const Json& a = *it;
    if (!a.is_array() || a.empty()) FailInput(std::string("field '") + field + "' must be a non-empty array [C][H][W] or [H][W]");
    const bool three_d = a[0].is_array() && !a[0].empty() && a[0][0].is_array();
    const std::size_t C = three_d ? a.size() : 1;
    const Json& first_plane = three_d ? a[0] : a;
    if (!first_plane.is_array() || first_plane.empty() || !first_plane[0].is_array() || first_plane[0].empty())
        FailInput(std::string("field '") + field + "' must be a non-empty array [C][H][W] or [H][W]");
    const std::size_t H = first_plane.size(), W = first_plane[0].size();
    if (C * H * W > kCliMaxMapValues)
        FailInput(std::string("field '") + field + "' has " + std::to_string(C * H * W) + " values; at most " +
                  std::to_string(kCliMaxMapValues));
    if (C > static_cast<std::size_t>(kSppMaxChannels) || H > static_cast<std::size_t>(kSppMaxSide) ||
        W > static_cast<std::size_t>(kSppMaxSide))
        FailInput(std::string("field '") + field + "': shape " + std::to_string(C) + "×" + std::to_string(H) + "×" +
                  std::to_string(W) + " exceeds " + std::to_string(kSppMaxChannels) + " channels or side " +
                  std::to_string(kSppMaxSide));
    Grid3 g({static_cast<int>(C), static_cast<int>(H), static_cast<int>(W)});
    for (std::size_t c = 0; c < C; ++c) {
        const Json& plane = three_d ? a[c] : a;
        const std::string pname = three_d ? Indexed(field, c) : std::string(field);
        if (!plane.is_array() || plane.size() != H)
            FailInput("field '" + pname + "' must be an array of " + std::to_string(H) + " rows");
        for (std::size_t y = 0; y < H; ++y) {
            const Json& row = plane[y];
            const std::string rname = Indexed(pname, y);
            if (!row.is_array() || row.size() != W)
                FailInput("field '" + rname + "' must be an array of " + std::to_string(W) + " numbers");
            for (std::size_t x = 0; x < W; ++x) {
                const Json& v = row[x];
                if (!v.is_number()) FailInput("field '" + Indexed(rname, x) + "' must be a number, got " + v.type_name());
                const double d = v.get<double>();
                if (!std::isfinite(d)) FailInput("field '" + Indexed(rname, x) + "' is not finite");
                g(static_cast<int>(c), static_cast<int>(y), static_cast<int>(x)) = d;
            }
        }
    }
    return g;
}

Json SppOp(const Json& in)
{
    RequireObject(in, {"op", "input", "levels", "pool"});
    const Grid3 map = ReadMap(in, "input");
    std::vector<int> levels{1, 2, 4};
    if (in.contains("levels")) {
        levels.clear();
        const std::vector<double> raw = ReadNumberArray(in, "levels", kSppMaxLevels);
        if (raw.empty()) FailInput("field 'levels' must hold at least one level");
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != std::floor(raw[i]) || raw[i] < 1 || raw[i] > kSppMaxLevel)
                FailInput("field '" + Indexed("levels", i) + "' must be an integer in [1, " + std::to_string(kSppMaxLevel) + "]");
            levels.push_back(static_cast<int>(raw[i]));
        }
    }
    const std::string pool_name = ReadString(in, "pool", "max");
    if (pool_name != "max" && pool_name != "avg")
        FailInput("field 'pool': unknown pooling '" + pool_name + "' (one of max, avg)");
    const SppPool pool = pool_name == "max" ? SppPool::Max : SppPool::Avg;
    const auto r = SpatialPyramidPool(map, levels, pool);
    if (!r) FailInput(r.Error());
    Json out = {{"length", r->Vector.size()}, {"vector", r->Vector}, {"shape", {r->C, r->H, r->W}}};
    Json jl = Json::array();
    for (const SppLevel& level : r->Levels) {
        const int n = level.Bins;
        Json rows = Json::array(), cols = Json::array(), values = Json::array(), argmax = Json::array();
        for (int i = 0; i < n; ++i) {
            rows.push_back({level.Rows[i].Start, level.Rows[i].End});
            cols.push_back({level.Cols[i].Start, level.Cols[i].End});
        }
        for (int c = 0; c < r->C; ++c) {
            Json vc = Json::array(), ac = Json::array();
            for (int i = 0; i < n; ++i) {
                const std::size_t row = (static_cast<std::size_t>(c) * n + i) * n;
                vc.push_back(std::vector<double>(level.Values.begin() + row, level.Values.begin() + row + n));
                if (pool == SppPool::Max)
                    ac.push_back(std::vector<int>(level.ArgMax.begin() + row, level.ArgMax.begin() + row + n));
            }
            values.push_back(std::move(vc));
            argmax.push_back(std::move(ac));
        }
        Json j = {{"bins", n}, {"rows", rows}, {"cols", cols}, {"values", values}};
        if (pool == SppPool::Max) j["argmax"] = argmax;
        jl.push_back(std::move(j));
    }
    out["levels"] = std::move(jl);
    return out;
}

const char* BranchName(InceptionBranch b)
{
    switch (b) {
    case InceptionBranch::Conv1x1: return "1x1";
    case InceptionBranch::Conv3x3: return "3x3";
    case InceptionBranch::Conv5x5: return "5x5";
    default: return "pool";
    }
}

Json InceptionOp(const Json& in)
{
    static const char* const kInts[] = {"height",      "width", "in_channels", "n1x1",    "n3x3_reduce", "n3x3",
                                        "n5x5_reduce", "n5x5",  "pool_proj",   "kernel3", "kernel5"};
    static const char* const kBools[] = {"reduce3", "reduce5", "project_pool"};
    RequireObject(in,
                  {"op", "preset", "height", "width", "in_channels", "n1x1", "n3x3_reduce", "n3x3", "n5x5_reduce", "n5x5",
                   "pool_proj", "kernel3", "kernel5", "reduce3", "reduce5", "project_pool"});
    const InceptionPreset* preset = nullptr;
    if (in.contains("preset")) {
        const std::string name = RequireString(in, "preset");
        for (const InceptionPreset& p : GoogLeNetInceptionPresets())
            if (name == p.Name) preset = &p;
        if (!preset) FailInput("field 'preset': unknown module '" + name + "' (one of 3a, 3b, 4a, 4b, 4c, 4d, 4e, 5a, 5b)");
    }
    InceptionSpec s = preset ? preset->Spec : GoogLeNetInceptionPresets()[0].Spec;
    int* const ints[] = {&s.Height,     &s.Width, &s.InChannels, &s.N1x1,    &s.N3x3Reduce, &s.N3x3,
                         &s.N5x5Reduce, &s.N5x5,  &s.PoolProj,   &s.Kernel3, &s.Kernel5};
    bool modified = false;
    for (std::size_t i = 0; i < std::size(kInts); ++i) {
        const int hi = i < 2 ? kInceptionMaxSide : i < 9 ? kInceptionMaxChannels : kInceptionMaxKernel;
        modified = modified || in.contains(kInts[i]);
        *ints[i] = static_cast<int>(ReadInt(in, kInts[i], *ints[i], 1, hi));
    }
    bool* const bools[] = {&s.Reduce3, &s.Reduce5, &s.ProjectPool};
    for (std::size_t i = 0; i < std::size(kBools); ++i) {
        modified = modified || in.contains(kBools[i]);
        *bools[i] = ReadBool(in, kBools[i], *bools[i]);
    }
    const auto c = InceptionModuleCost(s);
    if (!c) FailInput(c.Error());
    Json branches = Json::array();
    for (const InceptionBranchCost& b : c->Branches) {
        Json layers = Json::array();
        for (const InceptionLayerCost& l : b.Layers)
            layers.push_back({{"type", l.IsPool ? "maxpool" : "conv"},
                              {"kernel", l.Kernel},
                              {"in_channels", l.InChannels},
                              {"out_channels", l.OutChannels},
                              {"weights", l.IsPool ? 0 : l.Weights},
                              {"biases", l.IsPool ? 0 : l.Biases},
                              {"macs", l.Macs}});
        branches.push_back({{"branch", BranchName(b.Branch)},
                            {"out_channels", b.OutChannels},
                            {"weights", b.Weights},
                            {"biases", b.Biases},
                            {"macs", b.Macs},
                            {"layers", layers}});
    }
    Json out = {{"output", {c->OutHeight, c->OutWidth, c->OutChannels}},
                {"weights", c->Weights},
                {"biases", c->Biases},
                {"params", c->Params()},
                {"macs", c->Macs},
                {"branches", branches}};
    if (preset && !modified && preset->PaperParamsK > 0)
        out["paper"] = {{"params_k", preset->PaperParamsK}, {"ops_m", preset->PaperOpsM}};
    return out;
}

const char* StageKindName(EfficientNetStageKind k)
{
    switch (k) {
    case EfficientNetStageKind::Stem: return "stem";
    case EfficientNetStageKind::MBConv: return "mbconv";
    case EfficientNetStageKind::Head: return "head";
    default: return "classifier";
    }
}

Json EfficientNetOp(const Json& in)
{
    RequireObject(in, {"op", "variant", "width", "depth", "resolution", "num_classes"});
    const std::string name = ReadString(in, "variant", "b0");
    const auto variant = EfficientNetVariantFromName(name);
    if (!variant) FailInput("field 'variant': unknown variant '" + name + "' (one of b0 ... b7)");
    const EfficientNetVariantInfo& info = EfficientNetVariantOf(*variant);
    EfficientNetScaling s{info.Width, info.Depth, info.Resolution, 1000};
    s.Width = ReadNumber(in, "width", s.Width, 0.1, 4.0);
    s.Depth = ReadNumber(in, "depth", s.Depth, 0.1, 5.0);
    s.Resolution = static_cast<int>(ReadInt(in, "resolution", s.Resolution, 32, 1024));
    s.NumClasses = static_cast<int>(ReadInt(in, "num_classes", s.NumClasses, 1, 100000));
    const auto net = BuildEfficientNet(s);
    if (!net) FailInput(net.Error());
    Json stages = Json::array();
    for (const EfficientNetStage& st : net->Stages)
        stages.push_back({{"kind", StageKindName(st.Kind)},
                          {"expand_ratio", st.ExpandRatio},
                          {"kernel", st.Kernel},
                          {"stride", st.Stride},
                          {"in_channels", st.InChannels},
                          {"out_channels", st.OutChannels},
                          {"layers", st.Layers},
                          {"in_size", st.InSide},
                          {"out_size", st.OutSide},
                          {"params", st.Params()},
                          {"conv_params", st.ConvParams},
                          {"bn_params", st.BnParams},
                          {"se_params", st.SeParams},
                          {"macs", st.Macs},
                          {"se_macs", st.SeMacs}});
    Json out = {{"variant", info.Name},        {"width", s.Width},      {"depth", s.Depth},  {"resolution", s.Resolution},
                {"num_classes", s.NumClasses}, {"params", net->Params}, {"macs", net->Macs}, {"stages", stages}};
    const bool unmodified = s.Width == info.Width && s.Depth == info.Depth && s.NumClasses == 1000;
    if (unmodified) out["torchvision_params"] = info.TorchvisionParams;
    return out;
}

} // namespace

Json ConvBlocksConvOp(const Json& in, int dims); // cmd_conv_blocks_conv.cpp

Json ConvBlocksCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    const std::string op = RequireString(in, "op");
    if (op == "spp") return SppOp(in);
    if (op == "inception_cost") return InceptionOp(in);
    if (op == "efficientnet") return EfficientNetOp(in);
    if (op == "conv2d") return ConvBlocksConvOp(in, 2);
    if (op == "conv3d") return ConvBlocksConvOp(in, 3);
    FailInput("field 'op': unknown op '" + op + "' (one of conv2d, conv3d, spp, inception_cost, efficientnet)");
}

} // namespace mlviz
