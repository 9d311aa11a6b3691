// The losses topic's state: its field table and codec (ranges, rules across fields, a link opens paused) and the
// cores' inputs it builds (softmax config, BCE-vs-CE targets, curve parameters, the two training configs).
#include <catch2/catch.hpp>

#include <string>

#include "topics/losses/core/losses_state.h"

using namespace mlviz;

namespace {

LossesState Decode(const std::string& fragment, std::vector<Message>* notices = nullptr)
{
    LossesState s;
    auto n = LossesCodec().Decode(ParseKeyValues(fragment), s);
    if (notices) *notices = n;
    return s;
}

bool HasNoticeFor(const std::vector<Message>& notices, const std::string& key)
{
    for (const Message& m : notices)
        if (m.Context.starts_with(key + "=")) return true;
    return false;
}

} // namespace

TEST_CASE("losses state: defaults encode to nothing, tabs and enums travel by name", "[losses]")
{
    CHECK(LossesCodec().Encode(LossesState{}).empty());
    const LossesState s = Decode("tab=train&loss_a=focal&loss_b=dice_ce&form=naive&prec=float64");
    CHECK(s.Tab == static_cast<int>(LossesTab::Train));
    CHECK(s.LossA == static_cast<int>(TrainLoss::Focal));
    CHECK(s.LossB == static_cast<int>(TrainLoss::DiceCrossEntropy));
    CHECK(SoftmaxConfigFor(s).Form == SoftmaxForm::Naive);
    CHECK(SoftmaxConfigFor(s).Precision == FloatPrecision::Float64);
    CHECK(LossesCodec().Encode(s) == "tab=train&form=naive&prec=float64&loss_a=focal&loss_b=dice_ce");
}

TEST_CASE("losses state: the true class stays below K and the epoch within the epochs, with a notice", "[losses]")
{
    std::vector<Message> notices;
    LossesState s = Decode("k=3&target=7", &notices);
    CHECK(s.Target == 2);
    CHECK(HasNoticeFor(notices, "target"));
    s = Decode("epochs=100&epoch=500", &notices);
    CHECK(s.Epoch == 100);
    CHECK(HasNoticeFor(notices, "epoch"));
    // A link that leaves the target out keeps the default (0 < any K): no notice.
    Decode("k=2", &notices);
    CHECK(notices.empty());
    // Out of the field's own range: one notice, not two.
    s = Decode("target=99&k=4", &notices);
    CHECK(s.Target == 3);
    CHECK(notices.size() == 1);
    // Fixed points: what a clamped link encodes decodes without notices.
    for (const char* in : {"k=3&target=7", "epochs=100&epoch=500", "z0=1e9&temp=0", "tab=nope&labels=0"}) {
        INFO(in);
        const std::string once = LossesCodec().Encode(Decode(in));
        Decode(once, &notices);
        CHECK(notices.empty());
        CHECK(LossesCodec().Encode(Decode(once)) == once);
    }
    // Field ranges: logits ±1000, temperature [0.01, 100].
    s = Decode("z0=1e9&temp=0");
    CHECK(s.Logits[0] == 1000.0);
    CHECK(s.Temperature == 0.01);
}

TEST_CASE("losses state: a link opens paused, ClampLossesState applies the cross rules", "[losses]")
{
    LossesState s = Decode("epoch=3");
    CHECK_FALSE(s.Playing);
    s.Classes = 2;
    s.Target = 9;
    s.Epochs = 10;
    s.Epoch = 40;
    s.Temperature = 1e9;
    ClampLossesState(s);
    CHECK(s.Target == 1);
    CHECK(s.Epoch == 10);
    CHECK(s.Temperature == 100.0);
}

TEST_CASE("losses state: the cores' inputs", "[losses]")
{
    LossesState s;
    s.Classes = 3;
    const SoftmaxConfig c = SoftmaxConfigFor(s);
    CHECK(c.Logits == std::vector<double>{2.0, 1.0, 0.1});
    CHECK(c.Target == 0);
    // BCE vs CE targets: one-hot at the true class, or the label bits within K; none within K -> the true class.
    CHECK(LabelTargetsFor(s) == std::vector<double>{1.0, 0.0, 0.0});
    s.MultiLabel = true;
    s.Labels = 0b1110;
    CHECK(LabelTargetsFor(s) == std::vector<double>{0.0, 1.0, 1.0});
    s.Labels = 0b1000;
    s.Target = 1;
    CHECK(LabelTargetsFor(s) == std::vector<double>{0.0, 1.0, 0.0});

    s.CurveAlpha = 0.6;
    s.PixelForeground = false;
    const CurveParams p = CurveParamsFor(s);
    CHECK(p.Alpha == 0.6);
    CHECK_FALSE(p.Foreground);
    CHECK(p.Pixels == 4096);

    s.LossA = static_cast<int>(TrainLoss::Focal);
    s.LossB = static_cast<int>(TrainLoss::Dice);
    s.Seed = 5;
    TrainConfig a = TrainConfigFor(s, 0), b = TrainConfigFor(s, 1);
    CHECK(a.Loss == TrainLoss::Focal);
    CHECK(b.Loss == TrainLoss::Dice);
    CHECK(a.Data == b.Data); // the same image and seed: only the loss differs
    b.Loss = a.Loss;
    CHECK(a == b);
    CHECK(a.Data.Seed == 5u);
    CHECK(HeldOutToyConfig(s).Seed == 1005u);
    // The shipped demo: CE against Dice at 1% foreground, focal with α = 0.75.
    const LossesState d;
    CHECK(TrainConfigFor(d, 0).Loss == TrainLoss::CrossEntropy);
    CHECK(TrainConfigFor(d, 1).Loss == TrainLoss::Dice);
    CHECK(TrainConfigFor(d, 0).Data.ForegroundFraction == 0.01);
    CHECK(TrainConfigFor(d, 0).FocalAlpha == 0.75);
}
