#include "topics/activations/core/activations_state.h"

#include "core/message.h"

namespace mlviz {

ActivationsState::ActivationsState()
{
    Shown[static_cast<int>(Activation::Sigmoid)] = true;
    Shown[static_cast<int>(Activation::Tanh)] = true;
    Shown[static_cast<int>(Activation::ReLU)] = true;
}

namespace {

StateSchema<ActivationsState> MakeSchema()
{
    using S = ActivationsState;
    const std::vector<std::string> names = EnumNames<Activation>(ActivationName);

    StateSchema<S> schema;
    // The overlaid functions as a comma list of names ("f=sigmoid,relu"); "f=" shows none.
    schema.Custom(
        "f",
        [](const S& s) {
            std::string out;
            for (int a = 0; a < kActivationCount; ++a)
                if (s.Shown[a]) out += (out.empty() ? "" : ",") + std::string(ActivationName(static_cast<Activation>(a)));
            return out;
        },
        [](S& s, std::string_view text) -> Message {
            std::array<bool, kActivationCount> shown{};
            std::string bad;
            std::size_t pos = 0;
            while (pos <= text.size() && !text.empty()) {
                std::size_t end = text.find(',', pos);
                if (end == std::string_view::npos) end = text.size();
                const std::string_view name = text.substr(pos, end - pos);
                if (const auto a = ActivationFromName(name))
                    shown[static_cast<int>(*a)] = true;
                else if (!name.empty())
                    bad += (bad.empty() ? "" : ", ") + std::string(name);
                pos = end + 1;
            }
            s.Shown = shown;
            return bad.empty() ? Message{} : Msg("неизвестные функции пропущены: %s", bad);
        });
    // The parameter ranges are the core's (activations.h): the same for sliders, links and the CLI.
    schema
        .Real("slope", [](S& s) -> double& { return s.Params.LeakySlope; }, kLeakySlopeMin, kLeakySlopeMax,
              {MLVIZ_TR_KEY("Наклон Leaky ReLU"), "%.3f"})
        .Real("alpha", [](S& s) -> double& { return s.Params.EluAlpha; }, kEluAlphaMin, kEluAlphaMax, {"ELU: α", "%.2f"})
        .Real("beta", [](S& s) -> double& { return s.Params.SwishBeta; }, kSwishBetaMin, kSwishBetaMax,
              {"Swish: β (1 = SiLU)", "%.2f"})
        .Bool("gelu_tanh", [](S& s) -> bool& { return s.Params.GeluTanh; }, {MLVIZ_TR_KEY("GELU ≈ tanh-формула")})
        .Real("range", [](S& s) -> float& { return s.XRange; }, 1.0, 20.0, {MLVIZ_TR_KEY("Диапазон x"), "±%.0f"})
        .Enum("net", [](S& s) -> int& { return s.SurfaceActivation; }, names, {MLVIZ_TR_KEY("Активация скрытых слоёв")})
        .Int("layers", [](S& s) -> int& { return s.SurfaceLayers; }, 1, 8, {MLVIZ_TR_KEY("Скрытых слоёв")})
        .Int("width", [](S& s) -> int& { return s.SurfaceWidth; }, 1, 64, {MLVIZ_TR_KEY("Нейронов в слое")})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed весов")});
    return schema;
}

} // namespace

const StateSchema<ActivationsState>& ActivationsStateSchema()
{
    static const StateSchema<ActivationsState> schema = MakeSchema();
    return schema;
}

const StateCodec<ActivationsState>& ActivationsCodec()
{
    static const StateCodec<ActivationsState> codec{ActivationsStateSchema,
                                                    DecodeFromDefaults<ActivationsState, ActivationsStateSchema>,
                                                    EncodeAgainstDefaults<ActivationsState, ActivationsStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(ActivationsTopicCodec, ActivationsCodec())

} // namespace mlviz
