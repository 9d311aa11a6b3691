// mlviz-cli @id@: {"amplitude", "damping", "frequency", "samples"} -> {"t": [...], "x": [...]}.
// The limits are the topic's field table's (the same as its sliders and links).
#include "cli/commands.h"
#include "topics/@id@/core/@id@_state.h"

namespace mlviz {

Json @Camel@Command(const Json& in)
{
    RequireObject(in, {"amplitude", "damping", "frequency", "samples"});
    const auto& t = @Camel@StateSchema();
    const @Camel@Config d;
    @Camel@Config c;
    c.Amplitude = ReadStateField(in, "amplitude", t, "amp", d.Amplitude);
    c.Damping = ReadStateField(in, "damping", t, "damping", d.Damping);
    c.Frequency = ReadStateField(in, "frequency", t, "freq", d.Frequency);
    c.Samples = static_cast<int>(ReadStateField(in, "samples", t, "samples", d.Samples));
    const auto r = Simulate@Camel@(c);
    if (!r) FailInput(r.Error());
    return {{"t", r->T}, {"x", r->X}};
}

} // namespace mlviz
