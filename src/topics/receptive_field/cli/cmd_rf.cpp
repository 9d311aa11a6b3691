// mlviz-cli rf: a layer stack (or a preset) -> per-layer output size, receptive field, jump,
// start, parameters, multiply-adds; optionally the effective receptive field. {"list_presets":
// true} lists the presets (mlviz-cli rf --list-presets maps to it).
#include <climits>
#include <cmath>

#include "cli/commands.h"
#include "topics/receptive_field/core/rf_erf.h"
#include "topics/receptive_field/core/rf_presets.h"

namespace mlviz {

namespace {

// Integers are read in the full int range here; the core checks the real limits, so that
// its errors name the layer.
int ReadIntValue(const Json& v, const std::string& field)
{
    if (!v.is_number()) FailInput("field '" + field + "' must be an integer, got " + v.type_name());
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) FailInput("field '" + field + "' must be an integer");
    if (d < INT_MIN || d > INT_MAX) FailInput("field '" + field + "' is out of range");
    return static_cast<int>(d);
}

// An integer (both axes) or [height, width].
RfPair ReadPair(const Json& obj, const char* key, const std::string& context, RfPair fallback)
{
    const auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    const std::string field = context + key;
    if (it->is_array()) {
        if (it->size() != 2)
            FailInput("field '" + field + "' must be an integer or [height, width], got " + std::to_string(it->size()) +
                      " values");
        return {ReadIntValue((*it)[0], field + "[0]"), ReadIntValue((*it)[1], field + "[1]")};
    }
    if (!it->is_number()) FailInput("field '" + field + "' must be an integer or [height, width], got " + it->type_name());
    const int v = ReadIntValue(*it, field);
    return {v, v};
}

RfLayer ReadLayer(const Json& j, std::size_t index, int channels_below)
{
    const std::string ctx = "layers[" + std::to_string(index) + "].";
    if (!j.is_object()) FailInput("field 'layers[" + std::to_string(index) + "]' must be an object, got " + j.type_name());
    if (!j.contains("type")) FailInput("missing field '" + ctx + "type' (conv, maxpool or avgpool)");
    if (!j["type"].is_string()) FailInput("field '" + ctx + "type' must be a string");
    RfLayer l;
    const std::string type = j["type"].get<std::string>();
    if (!RfLayerTypeFromName(type, l.Type))
        FailInput("field '" + ctx + "type': unknown layer type '" + type + "' (conv, maxpool or avgpool)");
    const bool conv = l.Type == RfLayerType::Conv;
    std::vector<std::string> allowed = {"type", "name", "kernel", "stride", "padding"};
    if (l.Type != RfLayerType::AvgPool) allowed.push_back("dilation");
    if (conv) allowed.insert(allowed.end(), {"in_channels", "out_channels", "groups", "bias"});
    RequireKnownKeys(j, allowed, "in layers[" + std::to_string(index) + "] (" + type + ")");
    if (j.contains("name")) {
        if (!j["name"].is_string()) FailInput("field '" + ctx + "name' must be a string");
        const std::string name = j["name"].get<std::string>();
        if (name.size() >= l.Name.size())
            FailInput("field '" + ctx + "name' is longer than " + std::to_string(l.Name.size() - 1) + " bytes");
        l.SetName(name);
    }
    if (!j.contains("kernel")) FailInput("missing field '" + ctx + "kernel'");
    l.Kernel = ReadPair(j, "kernel", ctx, {});
    l.Stride = ReadPair(j, "stride", ctx, conv ? RfPair{1, 1} : l.Kernel); // torch: pool stride defaults to the kernel
    l.Dilation = ReadPair(j, "dilation", ctx, {1, 1});
    if (j.contains("padding") && j["padding"].is_string()) {
        const std::string p = j["padding"].get<std::string>();
        if (!conv) FailInput("field '" + ctx + "padding': 'valid' and 'same' are for conv layers only (as torch)");
        if (p == "valid")
            l.Padding = {0, 0};
        else if (p == "same") {
            if (l.Stride[0] != 1 || l.Stride[1] != 1) FailInput("field '" + ctx + "padding': 'same' needs stride 1 (as torch)");
            for (int a = 0; a < 2; ++a) {
                l.Padding[a] = SamePadding(l.Kernel[a], l.Dilation[a]);
                if (l.Padding[a] < 0)
                    FailInput(
                        "field '" + ctx +
                        "padding': 'same' with an even dilation×(kernel−1) needs asymmetric padding, which is not supported");
            }
        } else
            FailInput("field '" + ctx + "padding' must be an integer, [height, width], 'valid' or 'same'");
    } else {
        l.Padding = ReadPair(j, "padding", ctx, {0, 0});
    }
    if (conv) {
        l.InChannels = j.contains("in_channels") ? ReadIntValue(j["in_channels"], ctx + "in_channels") : channels_below;
        if (l.InChannels < 1) FailInput("field '" + ctx + "in_channels' must be >= 1");
        l.OutChannels = j.contains("out_channels") ? ReadIntValue(j["out_channels"], ctx + "out_channels") : l.InChannels;
        if (l.OutChannels < 1) FailInput("field '" + ctx + "out_channels' must be >= 1");
        l.Groups = j.contains("groups") ? ReadIntValue(j["groups"], ctx + "groups") : 1;
        l.Bias = ReadBool(j, "bias", true);
    }
    return l;
}

Json PairJson(RfPair p)
{
    return Json::array({p[0], p[1]});
}

Json ListPresets()
{
    Json list = Json::array();
    for (const RfPresetInfo& p : RfPresets()) {
        const RfStack s = MakeRfPreset(p.Id, p.DefaultInput);
        list.push_back({{"name", p.Name},
                        {"title", p.Title},
                        {"note", p.Note},
                        {"input_size", PairJson(p.DefaultInput)},
                        {"layers", s.Layers.size()},
                        {"has_depth", p.HasDepth}});
    }
    return {{"presets", list}};
}

Json ErfJson(const RfStack& stack, const Json& e)
{
    if (!e.is_object()) FailInput(std::string("field 'erf' must be an object, got ") + e.type_name());
    RequireKnownKeys(e, {"weights", "relu", "seeds", "channels", "seed", "layer", "unit", "include_values"}, "in 'erf'");
    ErfConfig c;
    const std::string w = ReadString(e, "weights", "uniform");
    if (w == "uniform")
        c.Weights = ErfWeights::Uniform;
    else if (w == "random")
        c.Weights = ErfWeights::Random;
    else
        FailInput("field 'erf.weights' must be \"uniform\" or \"random\"");
    c.Relu = ReadBool(e, "relu", false);
    if (c.Relu && c.Weights == ErfWeights::Uniform) FailInput("field 'erf.relu' needs \"weights\": \"random\"");
    c.Seeds = static_cast<int>(ReadInt(e, "seeds", c.Seeds, 1, kErfMaxSeeds));
    c.Channels = static_cast<int>(ReadInt(e, "channels", c.Channels, 1, kErfMaxChannels));
    c.Seed = static_cast<std::uint32_t>(ReadInt(e, "seed", c.Seed, 0, UINT32_MAX));
    c.Map = static_cast<int>(
        ReadInt(e, "layer", static_cast<long long>(stack.Layers.size()), 1, static_cast<long long>(stack.Layers.size())));
    if (e.contains("unit")) {
        const RfPair u = ReadPair(e, "unit", "erf.", {});
        if (u[0] < 0 || u[1] < 0) FailInput("field 'erf.unit' must be non-negative");
        c.UnitY = u[0];
        c.UnitX = u[1];
    }
    auto job = ErfJob::Create(stack, c);
    if (!job) FailInput("erf: " + English(job.Error()));
    // The CLI answers in one go: refuse work that would take minutes rather than hang.
    constexpr std::int64_t kMaxWork = 20'000'000'000;
    if (job->TotalWork() > kMaxWork)
        FailInput("erf: " + std::to_string(job->TotalWork()) + " multiply-adds requested; at most " + std::to_string(kMaxWork) +
                  " (fewer seeds, channels or a smaller input)");
    while (!job->Done()) job.Value().Step(std::int64_t(1) << 30);
    const ErfResult* r = &job->Output();
    Json out = {{"layer", r->Map},
                {"unit", Json::array({r->UnitY, r->UnitX})},
                {"field", Json::array({r->Field.Y0, r->Field.Y1, r->Field.X0, r->Field.X1})},
                {"share95", r->Mass95.Share},
                {"cells95", r->Mass95.Cells},
                {"field_cells", r->Mass95.BoxCells},
                {"mean", Json::array({r->Mean[0], r->Mean[1]})},
                {"sigma", Json::array({r->Sigma[0], r->Sigma[1]})},
                {"seeds_used", r->SeedsUsed},
                {"seeds_vanished", r->SeedsVanished}};
    if (ReadBool(e, "include_values", false)) {
        Json rows = Json::array();
        for (int y = 0; y < r->InputSize[0]; ++y)
            rows.push_back(std::vector<double>(r->Values.begin() + static_cast<std::ptrdiff_t>(y) * r->InputSize[1],
                                               r->Values.begin() + static_cast<std::ptrdiff_t>(y + 1) * r->InputSize[1]));
        out["values"] = rows;
    }
    return out;
}

} // namespace

Json RfCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    if (in.contains("list_presets")) {
        RequireKnownKeys(in, {"list_presets"}, "with 'list_presets'");
        if (!ReadBool(in, "list_presets", false)) FailInput("field 'list_presets' must be true when given");
        return ListPresets();
    }
    RequireKnownKeys(in, {"preset", "depth", "input_size", "input_channels", "layers", "erf"}, "");
    RfStack stack;
    std::string preset_name;
    if (in.contains("preset")) {
        if (in.contains("layers")) FailInput("give either 'preset' or 'layers', not both");
        if (in.contains("input_channels")) FailInput("field 'input_channels' is set by the preset");
        preset_name = RequireString(in, "preset");
        const RfPresetInfo* p = FindRfPreset(preset_name);
        if (!p) {
            std::string names;
            for (const auto& q : RfPresets()) names += (names.empty() ? "" : ", ") + std::string(q.Name);
            FailInput("field 'preset': unknown preset '" + preset_name + "' (one of " + names + ")");
        }
        if (in.contains("depth") && !p->HasDepth) FailInput("field 'depth' applies to preset 'stack_3x3' only");
        const int depth = static_cast<int>(ReadInt(in, "depth", kRfPresetDepthDefault, kRfPresetDepthMin, kRfPresetDepthMax));
        stack = MakeRfPreset(p->Id, ReadPair(in, "input_size", "", p->DefaultInput), depth);
    } else {
        if (in.contains("depth")) FailInput("field 'depth' applies to preset 'stack_3x3' only");
        if (!in.contains("input_size")) FailInput("missing field 'input_size' (an integer or [height, width])");
        stack.InputSize = ReadPair(in, "input_size", "", {});
        stack.InputChannels = static_cast<int>(ReadInt(in, "input_channels", 3, 1, kRfMaxChannels));
        const auto it = in.find("layers");
        if (it == in.end()) FailInput("missing field 'layers' (an array of layers) or 'preset'");
        if (!it->is_array()) FailInput(std::string("field 'layers' must be an array, got ") + it->type_name());
        if (it->empty()) FailInput("field 'layers' must hold at least one layer");
        if (it->size() > static_cast<std::size_t>(kRfMaxLayers))
            FailInput("field 'layers' has more than " + std::to_string(kRfMaxLayers) + " layers");
        int channels = stack.InputChannels;
        for (std::size_t i = 0; i < it->size(); ++i) {
            stack.Layers.push_back(ReadLayer((*it)[i], i, channels));
            if (stack.Layers.back().Type == RfLayerType::Conv) channels = stack.Layers.back().OutChannels;
        }
    }
    const auto analysis = AnalyzeStack(stack);
    if (!analysis) FailInput(analysis.Error());

    Json layers = Json::array();
    for (std::size_t i = 0; i < stack.Layers.size(); ++i) {
        const RfLayer& l = stack.Layers[i];
        const RfLayerInfo& a = analysis->Layers[i];
        Json o = {{"name", std::string(l.NameView())}, {"type", RfLayerTypeName(l.Type)}, {"kernel", PairJson(l.Kernel)},
                  {"stride", PairJson(l.Stride)},      {"padding", PairJson(l.Padding)},  {"dilation", PairJson(l.Dilation)},
                  {"in_channels", a.InChannels},       {"out_channels", a.OutChannels}};
        if (l.Type == RfLayerType::Conv) {
            o["groups"] = l.Groups;
            o["bias"] = l.Bias;
        }
        o["input_size"] = PairJson(a.InSize);
        o["output_size"] = PairJson(a.OutSize);
        o["rf"] = Json::array({a.Rf[0], a.Rf[1]});
        o["jump"] = Json::array({a.Jump[0], a.Jump[1]});
        o["start"] = Json::array({a.Start[0], a.Start[1]});
        o["params"] = a.Params;
        o["macs"] = a.Macs;
        layers.push_back(o);
    }
    const RfLayerInfo& top = analysis->Layers.back();
    Json out = {{"input_size", PairJson(stack.InputSize)},
                {"input_channels", stack.InputChannels},
                {"layers", layers},
                {"output_size", PairJson(top.OutSize)},
                {"rf", Json::array({top.Rf[0], top.Rf[1]})},
                {"jump", Json::array({top.Jump[0], top.Jump[1]})},
                {"start", Json::array({top.Start[0], top.Start[1]})},
                {"params", analysis->TotalParams()},
                {"macs", analysis->TotalMacs()}};
    if (!preset_name.empty()) out["preset"] = preset_name;
    if (in.contains("erf")) out["erf"] = ErfJson(stack, in["erf"]);
    return out;
}

} // namespace mlviz
