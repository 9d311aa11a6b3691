#include "topics/receptive_field/core/rf_state.h"

#include <algorithm>
#include <cctype>

#include "core/message.h"

namespace mlviz {

ReceptiveFieldState::ReceptiveFieldState()
{
    LoadRfPreset(*this, static_cast<RfPreset>(Preset));
}

void LoadRfPreset(ReceptiveFieldState& s, RfPreset preset)
{
    const RfPresetInfo& info = RfPresetInfoOf(preset);
    const RfStack stack = MakeRfPreset(preset, info.DefaultInput, s.Depth);
    s.Preset = static_cast<int>(preset);
    s.Edited = false;
    s.InputSize = stack.InputSize;
    s.InputChannels = stack.InputChannels;
    s.LayerCount = std::min(static_cast<int>(stack.Layers.size()), kRfViewMaxLayers);
    for (int i = 0; i < s.LayerCount; ++i) {
        s.Layers[static_cast<std::size_t>(i)] = stack.Layers[static_cast<std::size_t>(i)];
        s.Layers[static_cast<std::size_t>(i)].InChannels = 0;
    }
    s.SelMap = s.SelY = s.SelX = -1;
    s.PadUnitY = s.PadUnitX = 0;
}

RfStack StackOf(const ReceptiveFieldState& s)
{
    RfStack stack;
    stack.InputSize = s.InputSize;
    stack.InputChannels = s.InputChannels;
    stack.Layers.assign(s.Layers.begin(), s.Layers.begin() + std::clamp(s.LayerCount, 0, kRfViewMaxLayers));
    return stack;
}

namespace {

void AppendPair(std::string& out, char key, RfPair v, int omit)
{
    if (v[0] == omit && v[1] == omit) return;
    out += key;
    out += std::to_string(v[0]);
    if (v[1] != v[0]) out += "x" + std::to_string(v[1]);
}

// Reads a non-negative integer of at most 7 digits at `pos`.
bool ReadNumber(std::string_view t, std::size_t& pos, int& out)
{
    std::size_t start = pos;
    long long v = 0;
    while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos])) && pos - start < 7) v = v * 10 + (t[pos++] - '0');
    if (pos == start || (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos])))) return false;
    out = static_cast<int>(v);
    return true;
}

Message ParseLayer(std::string_view t, RfLayer& l)
{
    if (t.empty()) return Msg("пустой слой");
    l = RfLayer{};
    l.Kernel = {0, 0};
    if (t[0] == 'c')
        l.Type = RfLayerType::Conv;
    else if (t[0] == 'm')
        l.Type = RfLayerType::MaxPool;
    else if (t[0] == 'a')
        l.Type = RfLayerType::AvgPool;
    else
        return Msg("неизвестный тип слоя '%c'", t[0]);
    bool stride_set = false;
    std::size_t pos = 1;
    while (pos < t.size()) {
        const char key = t[pos++];
        if (key == 'n') {
            l.Bias = false;
            continue;
        }
        int a = 0, b = 0;
        if (!ReadNumber(t, pos, a)) return Msg("после '%c' должно идти число", key);
        b = a;
        if (pos < t.size() && t[pos] == 'x') {
            ++pos;
            if (!ReadNumber(t, pos, b)) return Msg("после 'x' в '%c' должно идти число", key);
        }
        switch (key) {
        case 'k': l.Kernel = {a, b}; break;
        case 's':
            l.Stride = {a, b};
            stride_set = true;
            break;
        case 'p': l.Padding = {a, b}; break;
        case 'd': l.Dilation = {a, b}; break;
        case 'o': l.OutChannels = a; break;
        case 'g': l.Groups = a; break;
        default: return Msg("неизвестный ключ '%c'", key);
        }
    }
    if (l.Kernel[0] == 0) return Msg("нет размера ядра 'k'");
    if (!stride_set && l.Type != RfLayerType::Conv) l.Stride = l.Kernel; // torch's pool default
    return {};
}

} // namespace

std::string EncodeRfLayers(const ReceptiveFieldState& s)
{
    std::string out;
    for (int i = 0; i < std::clamp(s.LayerCount, 0, kRfViewMaxLayers); ++i) {
        const RfLayer& l = s.Layers[static_cast<std::size_t>(i)];
        if (!out.empty()) out += '_';
        out += l.Type == RfLayerType::Conv ? 'c' : (l.Type == RfLayerType::MaxPool ? 'm' : 'a');
        AppendPair(out, 'k', l.Kernel, -1);
        // Pools default to stride = kernel, convolutions to 1: always write a pool's stride.
        AppendPair(out, 's', l.Stride, l.Type == RfLayerType::Conv ? 1 : -1);
        AppendPair(out, 'p', l.Padding, 0);
        AppendPair(out, 'd', l.Dilation, 1);
        if (l.Type == RfLayerType::Conv) {
            if (l.OutChannels > 0) out += "o" + std::to_string(l.OutChannels);
            if (l.Groups != 1) out += "g" + std::to_string(l.Groups);
            if (!l.Bias) out += 'n';
        }
    }
    return out;
}

Message DecodeRfLayers(std::string_view text, ReceptiveFieldState& s)
{
    std::array<RfLayer, kRfViewMaxLayers> layers{};
    int count = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('_', pos);
        if (end == std::string_view::npos) end = text.size();
        if (count == kRfViewMaxLayers) return Msg("больше %d слоёв, пропущено", kRfViewMaxLayers);
        if (Message e = ParseLayer(text.substr(pos, end - pos), layers[static_cast<std::size_t>(count)]); !e.Empty())
            return Msg("слой %d: %s, пропущено", count + 1, e);
        ++count;
        pos = end + 1;
    }
    s.Layers = layers;
    s.LayerCount = count;
    s.Edited = true;
    s.SelMap = s.SelY = s.SelX = -1;
    return {};
}

namespace {

StateSchema<ReceptiveFieldState> MakeSchema()
{
    using S = ReceptiveFieldState;
    std::vector<std::string> presets;
    for (const RfPresetInfo& p : RfPresets()) presets.emplace_back(p.Name);
    StateSchema<S> schema;
    // Order matters when decoding our own links: the preset first, then what overrides it.
    schema.Custom(
        "preset", [presets](const S& s) { return presets[static_cast<std::size_t>(s.Preset)]; },
        [presets](S& s, std::string_view text) -> Message {
            for (std::size_t i = 0; i < presets.size(); ++i)
                if (presets[i] == text) {
                    LoadRfPreset(s, static_cast<RfPreset>(i));
                    return {};
                }
            return Msg("неизвестный пресет, пропущено");
        });
    schema.Custom(
        "depth", [](const S& s) { return std::to_string(s.Depth); },
        [](S& s, std::string_view text) -> Message {
            long long v = 0;
            if (!ParseInteger(text, v)) return Msg("не целое число, пропущено");
            s.Depth = static_cast<int>(std::clamp<long long>(v, kRfPresetDepthMin, kRfPresetDepthMax));
            if (s.Preset == static_cast<int>(RfPreset::Stack3x3) && !s.Edited) {
                const RfPair keep = s.InputSize;
                LoadRfPreset(s, RfPreset::Stack3x3);
                s.InputSize = keep;
            }
            return v == s.Depth ? Message{} : ClampNotice(kRfPresetDepthMin, kRfPresetDepthMax);
        });
    schema
        .Int(
            "h", [](S& s) -> int& { return s.InputSize[0]; }, 1, kRfViewMaxInput)
        .Int(
            "w", [](S& s) -> int& { return s.InputSize[1]; }, 1, kRfViewMaxInput)
        .Int(
            "cin", [](S& s) -> int& { return s.InputChannels; }, 1, 4096);
    schema.Custom(
        "layers", [](const S& s) { return s.Edited ? EncodeRfLayers(s) : std::string(); },
        [](S& s, std::string_view text) { return DecodeRfLayers(text, s); });
    schema.Custom(
        "sel",
        [](const S& s) {
            return s.SelMap < 0 ? std::string()
                                : std::to_string(s.SelMap) + "." + std::to_string(s.SelY) + "." + std::to_string(s.SelX);
        },
        [](S& s, std::string_view text) -> Message {
            int v[3] = {0, 0, 0};
            std::size_t pos = 0;
            for (int i = 0; i < 3; ++i) {
                if (i > 0 && (pos >= text.size() || text[pos++] != '.')) return Msg("ожидается map.y.x, пропущено");
                if (!ReadNumber(text, pos, v[i])) return Msg("ожидается map.y.x, пропущено");
            }
            if (pos != text.size()) return Msg("ожидается map.y.x, пропущено");
            s.SelMap = v[0]; // clamped to the stack when drawn
            s.SelY = v[1];
            s.SelX = v[2];
            return {};
        });
    schema.Enum("tab", [](S& s) -> int& { return s.Tab; }, {"field", "table", "erf", "padding", "params"})
        .Bool("split", [](S& s) -> bool& { return s.SplitAxes; })
        .Enum("erf", [](S& s) -> int& { return s.ErfWeights; }, {"uniform", "random"})
        .Bool("relu", [](S& s) -> bool& { return s.ErfRelu; })
        .Bool("log", [](S& s) -> bool& { return s.ErfLog; })
        .Int(
            "seeds", [](S& s) -> int& { return s.ErfSeeds; }, 1, 64)
        .Int(
            "ch", [](S& s) -> int& { return s.ErfChannels; }, 1, 16)
        .Int(
            "seed", [](S& s) -> int& { return s.ErfSeed; }, 0, 1 << 30)
        .Int(
            "py", [](S& s) -> int& { return s.PadUnitY; }, 0, 4096)
        .Int(
            "px", [](S& s) -> int& { return s.PadUnitX; }, 0, 4096);
    return schema;
}

} // namespace

const StateSchema<ReceptiveFieldState>& RfStateSchema()
{
    static const StateSchema<ReceptiveFieldState> schema = MakeSchema();
    return schema;
}

const StateCodec<ReceptiveFieldState>& RfCodec()
{
    static const StateCodec<ReceptiveFieldState> codec{RfStateSchema, DecodeFromDefaults<ReceptiveFieldState, RfStateSchema>,
                                                       EncodeAgainstDefaults<ReceptiveFieldState, RfStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(RfTopicCodec, RfCodec())

} // namespace mlviz
