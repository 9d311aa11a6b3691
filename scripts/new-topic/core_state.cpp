#include "topics/@id@/core/@id@_state.h"

namespace mlviz {

namespace {

StateSchema<@Camel@State> MakeSchema()
{
    using S = @Camel@State;
    StateSchema<S> schema;
    schema.Real("amp", [](S& s) -> double& { return s.Sim.Amplitude; }, 0.1, 10.0, {MLVIZ_TR_KEY("Амплитуда A"), "%.2f"})
        .Real("damping", [](S& s) -> double& { return s.Sim.Damping; }, 0.0, 5.0, {MLVIZ_TR_KEY("Затухание γ, 1/с"), "%.2f"})
        .Real("freq", [](S& s) -> double& { return s.Sim.Frequency; }, 0.05, 5.0, {MLVIZ_TR_KEY("Частота f, Гц"), "%.2f", true})
        .Int("samples", [](S& s) -> int& { return s.Sim.Samples; }, 2, 2000, {MLVIZ_TR_KEY("Отсчётов")})
        .Bool("envelope", [](S& s) -> bool& { return s.ShowEnvelope; }, {MLVIZ_TR_KEY("Огибающая")});
    return schema;
}

} // namespace

const StateSchema<@Camel@State>& @Camel@StateSchema()
{
    static const StateSchema<@Camel@State> schema = MakeSchema();
    return schema;
}

const StateCodec<@Camel@State>& @Camel@Codec()
{
    static const StateCodec<@Camel@State> codec{@Camel@StateSchema, DecodeFromDefaults<@Camel@State, @Camel@StateSchema>,
                                               EncodeAgainstDefaults<@Camel@State, @Camel@StateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(@Camel@TopicCodec, @Camel@Codec())

} // namespace mlviz
