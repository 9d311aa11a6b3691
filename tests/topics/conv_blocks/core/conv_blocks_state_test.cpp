// The conv_blocks field table and codec: defaults encode to nothing, links round-trip, values
// clamp to the table's ranges with a notice, and the cross-field rules hold (groups divides C and
// O, shown channels exist, odd kernels, one SPP level on, square maps, links open paused).
#include <catch2/catch.hpp>

#include "core/topic_state.h"
#include "topics/conv_blocks/core/conv_blocks_state.h"

using namespace mlviz;

namespace {

ConvBlocksState Decoded(std::string_view fragment)
{
    ConvBlocksState s;
    ConvBlocksCodec().Decode(ParseKeyValues(fragment), s);
    return s;
}

} // namespace

TEST_CASE("conv_blocks: defaults encode to an empty link, links round-trip in table order", "[conv_blocks]")
{
    CHECK(ConvBlocksCodec().Encode(ConvBlocksState{}).empty());
    CHECK(CanonicalTopicState("conv_blocks", "tab=spp&l1=0&level=1").Fragment == "tab=spp&l1=0&level=1");
    CHECK(CanonicalTopicState("conv_blocks", "pass=dw&c=4&o=2&groups=2").Fragment == "pass=dw&c=4&o=2&groups=2");
    CHECK(CanonicalTopicState("conv_blocks", "variant=b7&phi=3.5").Fragment == "variant=b7&phi=3.5");
}

TEST_CASE("conv_blocks: out-of-range values clamp to the field table with a notice", "[conv_blocks]")
{
    const TopicStateText t = CanonicalTopicState("conv_blocks", "h=99&stride=0&epochs=1000");
    CHECK(t.Fragment == "h=16&epochs=40");
    CHECK(t.Notices.size() == 3);
    CHECK(Decoded("pad=-3").Conv.Spec.Padding == 0);
    CHECK(Decoded("tab=nonsense").Tab == 0);
}

TEST_CASE("conv_blocks: cross-field rules", "[conv_blocks]")
{
    // groups becomes the largest divisor of gcd(C, O) not above it
    CHECK(Decoded("c=6&o=4&groups=4").Conv.Spec.Groups == 2);
    CHECK(Decoded("c=3&o=5&groups=3").Conv.Spec.Groups == 1);
    CHECK(Decoded("c=8&o=8&groups=8").Conv.Spec.Groups == 8);
    // the shown channels exist
    const ConvBlocksState a = Decoded("c=2&o=3&ic=7&oc=7");
    CHECK(a.InShown == 1);
    CHECK(a.OutShown == 2);
    // odd spatial kernels, square clip and inception maps
    CHECK(Decoded("ks=4&l_k=2").KernelK == 5);
    CHECK(Decoded("ks=4&l_k=2").LayerK == 3);
    CHECK(Decoded("side=20").Clip.Width == 20);
    CHECK(Decoded("in_side=7").Inception.Width == 7);
    // at least one SPP level, and the shown one is on
    const ConvBlocksState b = Decoded("l1=0&l2=0&l3=0&level=2");
    CHECK(b.SppLevel1 == 1);
    CHECK(b.SppShownLevel == 0);
    CHECK(Decoded("l1=0&level=0").SppShownLevel == 1);
    CHECK(Decoded("spp_c=2&ch=5").SppShownChannel == 1);
}

TEST_CASE("conv_blocks: a link opens paused on its step", "[conv_blocks]")
{
    ConvBlocksState s = Decoded("step=3");
    CHECK(s.Step == 3);
    CHECK_FALSE(s.Playing);
    s.Playing = true;
    CHECK(ConvBlocksCodec().Encode(s) == "step=3"); // playing is not in the link
}
